//! The playground: Yew components over the engine's output.

use yew::prelude::*;

#[function_component(App)]
pub fn app() -> Html {
    html! { <main><h1>{ "cacheplay" }</h1></main> }
}
