# The two entry points: `make serve` (the playground on http://127.0.0.1:8080) and `make test`
# (everything CI checks). Both first run scripts/setup.sh, which installs whatever is missing
# and is a quick no-op otherwise.

SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(PATH)
export CHROMEDRIVER ?= /usr/bin/chromedriver

# Prefixes each wasm step: loads the Debian fallback toolchain when setup wrote one.
WASM_ENV := if [ -f target/toolchain.env ]; then source target/toolchain.env; fi;

.PHONY: setup serve test lint native-test wasm-test web e2e build bench bench-browser

setup:
	@scripts/setup.sh

serve: setup
	$(WASM_ENV) trunk serve --release

test: setup lint native-test wasm-test web e2e

# The second clippy sees the wasm-only code (tests/wasm.rs) that the native one compiles out;
# Debian's fallback toolchain has no clippy, so it runs with rustup's wasm target only.
lint:
	cargo fmt --check
	cargo clippy --all-targets -- -D warnings
	if [ ! -f target/toolchain.env ]; then cargo clippy --target wasm32-unknown-unknown --lib --bins --test wasm -- -D warnings; fi

# Also builds target/debug/cacheplay, which the end-to-end test runs.
native-test:
	cargo test

wasm-test:
	$(WASM_ENV) cargo test --target wasm32-unknown-unknown --test wasm

# The same release build `make serve` serves, so one reuses the other's artefacts.
web:
	$(WASM_ENV) trunk build --release

e2e:
	CACHEPLAY_BIN=target/debug/cacheplay node --test tests/e2e/

build: setup web
	cargo build --release --bin cacheplay

bench: setup
	cargo bench

# The playground in headless Chromium: first render, simulated requests per second, frame
# rate and long tasks. Not part of `make test`: its numbers depend on the machine.
bench-browser: setup web
	node tests/e2e/bench.mjs
