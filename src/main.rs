//! The web entry point: Trunk builds this to wasm and it renders the playground.

fn main() {
    yew::Renderer::<cacheplay::ui::App>::new().render();
}
