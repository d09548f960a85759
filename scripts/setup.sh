#!/usr/bin/env bash
# Installs whatever `make serve` and `make test` need and is missing, saying what it installs;
# when everything is present it only checks, in well under a second.
#
# - the wasm32-unknown-unknown target, from rustup; if rustup cannot add it, Debian's rustc-web
#   toolchain instead, which builds std for wasm from source (see target/toolchain.env below);
# - Trunk at TRUNK_VERSION;
# - wasm-bindgen-cli at the version of wasm-bindgen in Cargo.lock (the CLI and the library must
#   match exactly); it also provides wasm-bindgen-test-runner;
# - Debian's chromium and chromium-driver, for the wasm tests and the end-to-end test;
# - node and the end-to-end test's npm packages (tests/e2e/node_modules), from its lock file.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
WASM_TARGET=wasm32-unknown-unknown
# Sourced by the Makefile before every wasm step; present only in the Debian fallback.
TOOLCHAIN_ENV=target/toolchain.env

export PATH="$HOME/.cargo/bin:$PATH"
installed_something=no

say() {
    echo "setup: $*"
}

installing() {
    installed_something=yes
    say "installing $*"
}

apt_updated=no
apt_install() {
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        sudo=sudo
    fi
    if [ "$apt_updated" = no ]; then
        $sudo apt-get update -qq
        apt_updated=yes
    fi
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@"
}

# The version of a package in Cargo.lock.
locked_version() {
    awk -v name="$1" '
        $0 == "name = \"" name "\"" { found = 1; next }
        found && /^version = / { gsub(/version = |"/, ""); print; exit }
    ' Cargo.lock
}

# cargo install, --locked first. The registry this machine reaches may lack a version that a
# tool's lock file names; then cargo resolves again among the versions it has.
cargo_install() {
    local crate=$1 version=$2
    installing "$crate $version (cargo install, a few minutes)"
    cargo install "$crate" --version "$version" --locked ||
        cargo install "$crate" --version "$version"
}

ensure_rust() {
    if ! command -v cargo >/dev/null || ! command -v rustup >/dev/null; then
        say "cargo and rustup are needed: install Rust stable with rustup first" >&2
        exit 1
    fi
}

debian_wasm_ready() {
    [ -f "$TOOLCHAIN_ENV" ] && [ -x /usr/bin/rustc ] && [ -x /usr/bin/cargo ] &&
        [ -d /usr/lib/rustlib/src/rust/library ] && [ -x /usr/bin/rust-lld ]
}

# CACHEPLAY_WASM_TOOLCHAIN=debian takes the fallback even where rustup works, to try it.
ensure_wasm_target() {
    local forced=no
    if [ "${CACHEPLAY_WASM_TOOLCHAIN:-}" = debian ]; then
        forced=yes
    fi
    if [ "$forced" = no ] && rustup target list --installed | grep -qx "$WASM_TARGET"; then
        rm -f "$TOOLCHAIN_ENV"
        return
    fi
    if debian_wasm_ready; then
        return
    fi
    if [ "$forced" = no ]; then
        installing "the $WASM_TARGET target (rustup)"
        if rustup target add "$WASM_TARGET"; then
            rm -f "$TOOLCHAIN_ENV"
            return
        fi
        say "rustup could not add $WASM_TARGET: falling back to Debian's rustc-web toolchain"
    else
        say "CACHEPLAY_WASM_TOOLCHAIN=debian: using Debian's rustc-web toolchain"
    fi
    installing "rustc-web cargo-web rust-web-src rust-web-llvm (apt)"
    apt_install rustc-web cargo-web rust-web-src rust-web-llvm
    # rustc links wasm with rust-lld, which rust-web-llvm links to the lld of its LLVM version
    # without depending on that lld package: install it too.
    local llvm
    llvm=$(apt-cache depends rust-web-llvm | sed -n 's/^ *Depends: llvm-\([0-9][0-9]*\)$/\1/p' | head -n 1)
    if [ -z "$llvm" ]; then
        say "cannot tell which LLVM rust-web-llvm uses" >&2
        exit 1
    fi
    installing "lld-$llvm (apt), the wasm linker"
    apt_install "lld-$llvm"
    mkdir -p target
    # Only the wasm steps source this: the native steps (fmt, clippy, tests) keep rustup's
    # stable toolchain, whose artefacts stay in target/ while these go to target/debian/.
    cat >"$TOOLCHAIN_ENV" <<'ENV'
# Written by scripts/setup.sh: rustup could not add wasm32-unknown-unknown, so the wasm steps
# use Debian's rustc-web toolchain (/usr/bin/cargo, /usr/bin/rustc) and build std from the
# sources of rust-web-src, which needs nightly features: RUSTC_BOOTSTRAP unlocks them.
export PATH="/usr/bin:$PATH"
export RUSTC=/usr/bin/rustc
export RUSTC_BOOTSTRAP=1
export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
export CARGO_TARGET_DIR=target/debian
ENV
    say "wrote $TOOLCHAIN_ENV"
}

ensure_trunk() {
    if [ "$(trunk --version 2>/dev/null)" = "trunk $TRUNK_VERSION" ]; then
        return
    fi
    cargo_install trunk "$TRUNK_VERSION"
}

ensure_wasm_bindgen() {
    local version
    version=$(locked_version wasm-bindgen)
    if [ -z "$version" ]; then
        say "no wasm-bindgen in Cargo.lock" >&2
        exit 1
    fi
    if [ "$(wasm-bindgen --version 2>/dev/null)" = "wasm-bindgen $version" ] &&
        command -v wasm-bindgen-test-runner >/dev/null; then
        return
    fi
    cargo_install wasm-bindgen-cli "$version"
}

ensure_chromium() {
    if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
        return
    fi
    installing "chromium chromium-driver (apt)"
    apt_install chromium chromium-driver
}

ensure_node_packages() {
    if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
        installing "nodejs npm (apt)"
        apt_install nodejs npm
    fi
    if [ -d tests/e2e/node_modules/playwright-core ]; then
        return
    fi
    installing "the end-to-end test's npm packages (npm ci)"
    npm ci --prefix tests/e2e --no-audit --no-fund
}

ensure_rust
ensure_wasm_target
ensure_trunk
ensure_wasm_bindgen
ensure_chromium
ensure_node_packages
if [ "$installed_something" = no ]; then
    say "everything is installed"
fi
