//! The scenario editor: one collapsible panel per [`Group`], each a list of fields from
//! the field table, with the policy notes beside the controls they explain.

use crate::scenario::choice::{self, AutoscalerKind, Choice, FaultKind, LimitKind, WriteKind};
use crate::scenario::fields::{capitalised, At};
use crate::scenario::inert::inert_notes;
use crate::scenario::Scenario;
use crate::sim::config::{LoadProfile, WritePolicy};
use crate::sim::workload;
use crate::ui::explain;
use crate::ui::fields::{self, Field, Group, Kind, List};
use crate::ui::format;
use crate::ui::state::{Action, Draft, Side, UiState};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// What the editor shows: one side's scenario, A's for comparison while editing B, and
/// the rejected input of that side. Equal views skip re-rendering, which matters because
/// the page re-renders every animation frame while a run plays.
#[derive(Clone, Debug, PartialEq)]
pub struct EditorView {
    pub side: Side,
    pub scenario: Scenario,
    pub reference: Option<Scenario>,
    pub drafts: Vec<(String, Draft)>,
    /// What cannot affect this side's run, by path ([`inert_notes`]).
    pub inert: Vec<(String, String)>,
}

impl EditorView {
    pub fn of(state: &UiState) -> EditorView {
        let side = state.editing;
        let scenario = state.side(side).clone();
        EditorView {
            side,
            inert: inert_notes(&scenario),
            scenario,
            reference: (side == Side::B).then(|| state.scenario.clone()),
            drafts: state
                .drafts
                .iter()
                .filter(|((s, _), _)| *s == side)
                .map(|((_, path), draft)| (path.clone(), draft.clone()))
                .collect(),
        }
    }

    fn draft(&self, path: &str) -> Option<&Draft> {
        self.drafts.iter().find(|(p, _)| p == path).map(|(_, d)| d)
    }

    fn inert(&self, path: &str) -> Option<&str> {
        self.inert
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, message)| message.as_str())
    }
}

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub view: Rc<EditorView>,
    pub dispatch: Callback<Action>,
}

/// Every panel, for the side being edited.
#[function_component(Editor)]
pub fn editor(props: &EditorProps) -> Html {
    let panels = Group::ALL.iter().map(|group| {
        html! { <Panel group={*group} view={props.view.clone()} dispatch={props.dispatch.clone()} /> }
    });
    html! { <div class="editor" id="scenario" tabindex="-1">{ for panels }</div> }
}

#[derive(Properties, PartialEq)]
pub struct PanelProps {
    pub group: Group,
    pub view: Rc<EditorView>,
    pub dispatch: Callback<Action>,
}

/// One group of fields. A new group is a [`Group`] variant plus its rows in the field
/// table; its notes, if any, go in [`extras`]; its lists (tiers, faults) in [`List`].
#[function_component(Panel)]
pub fn panel(props: &PanelProps) -> Html {
    let view = &props.view;
    let scenario = &view.scenario;
    let rows = fields::registry()
        .iter()
        .filter(|field| {
            field.group == props.group && field.item.is_none() && field.applies(scenario, None)
        })
        .map(|field| row(field, None, view, &props.dispatch));
    let lists = List::ALL
        .into_iter()
        .filter(|list| list.group() == props.group)
        .map(|list| list_view(list, view, &props.dispatch));
    html! {
        <details class="panel" open=true data-testid={format!("panel-{:?}", props.group).to_lowercase()}>
            <summary>{ props.group.title() }</summary>
            <div class="fields">{ for rows }</div>
            { extras(props.group, scenario, view.side, &props.dispatch) }
            { for lists }
        </details>
    }
}

fn row(field: &'static Field, at: At, view: &EditorView, dispatch: &Callback<Action>) -> Html {
    let scenario = &view.scenario;
    let path = field.path(at);
    let draft = view.draft(&path);
    let inert = view.inert(&path).map(str::to_string);
    // While editing B, a field that differs from A says so.
    let differs = view.reference.as_ref().and_then(|a| {
        let (text_a, text_b) = (field.text(a, at), field.text(scenario, at));
        (text_a != text_b).then_some(if field.applies(a, at) {
            text_a
        } else {
            "n/a".to_string()
        })
    });
    html! {
        <FieldRow
            {path}
            side={view.side}
            value={field.text(scenario, at)}
            draft_text={draft.map(|d| d.text.clone())}
            error={draft.map(|d| d.error.clone())}
            {inert}
            a_value={differs}
            dispatch={dispatch.clone()}
        />
    }
}

/// A list's items, each with its fields and a remove button, and an add button.
fn list_view(list: List, view: &EditorView, dispatch: &Callback<Action>) -> Html {
    let scenario = &view.scenario;
    let Some(len) = list.len(scenario) else {
        return html! {};
    };
    let side = view.side;
    let name = list.path().replace(['.', '_'], "-");
    let noun = list.noun();
    let items = (0..len).map(|index| {
        let at = Some((list, index));
        let rows: Vec<Html> = fields::registry()
            .iter()
            .filter(|field| field.item == Some(list.item()) && field.applies(scenario, at))
            .map(|field| row(field, at, view, dispatch))
            .collect();
        let remove = {
            let dispatch = dispatch.clone();
            Callback::from(move |_: MouseEvent| {
                dispatch.emit(Action::RemoveItem { side, list, index })
            })
        };
        let title = format!("{} {}", capitalised(noun), index + 1);
        html! {
            <fieldset class="item" data-testid={format!("{name}-{index}")}>
                <legend>
                    { title.clone() }
                    <button class="remove" onclick={remove} aria-label={format!("Remove {title}")}
                        data-testid={format!("remove-{name}-{index}")}>{ "Remove" }</button>
                </legend>
                <div class="fields">{ for rows }</div>
                { inert_view(view.inert(&format!("{}[{index}]", list.path()))) }
                { item_note(list, index, scenario) }
            </fieldset>
        }
    });
    let add = {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.emit(Action::AddItem { side, list }))
    };
    let error = view.draft(list.path()).map(|draft| {
        html! { <p class="error" role="alert">{ draft.error.clone() }</p> }
    });
    html! {
        <div class="list" data-testid={format!("list-{name}")}>
            if list == List::ScaleUp || list == List::ScaleDown {
                <p class="list-title">{ format!("{}: rate policies", capitalised(list.noun().trim_end_matches(" policy"))) }</p>
            }
            { for items }
            { for error }
            if list.can_add(scenario) {
                <p class="actions">
                    <button onclick={add} data-testid={format!("add-{name}")}>{ format!("Add {noun}") }</button>
                </p>
            }
        </div>
    }
}

/// The explanation of one tier's algorithm or one fault's kind.
fn item_note(list: List, index: usize, scenario: &Scenario) -> Html {
    match list {
        List::Tiers => scenario
            .rate_limits
            .tiers
            .get(index)
            .and_then(|tier| explain::find(explain::LIMIT, LimitKind::of(&tier.limit).name()))
            .map(note_view)
            .unwrap_or_default(),
        List::Faults => scenario
            .faults
            .get(index)
            .and_then(|fault| explain::line(explain::FAULT, FaultKind::of(fault).name()))
            .map(|line| html! { <p class="note small">{ line }</p> })
            .unwrap_or_default(),
        List::ScaleUp | List::ScaleDown => html! {},
    }
}

/// The notes and previews of a group.
fn extras(group: Group, scenario: &Scenario, side: Side, dispatch: &Callback<Action>) -> Html {
    match group {
        Group::Workload => profile_preview(
            &scenario.workload.profile,
            scenario.duration_s,
            side,
            dispatch,
        ),
        Group::Cache => {
            let eviction = explain::find(explain::EVICTION, scenario.cache.eviction.name());
            let ttl = explain::line(explain::TTL, scenario.cache.ttl.mode.name());
            html! {
                <>
                    if let Some(note) = eviction { { note_view(note) } }
                    if let Some(line) = ttl {
                        <p class="note small">{ line }</p>
                    }
                </>
            }
        }
        Group::WritePolicy => {
            let kind = WriteKind::of(&scenario.write_policy);
            let when_full = match &scenario.write_policy {
                WritePolicy::Back(behind) => {
                    explain::line(explain::QUEUE_FULL, behind.when_full.name())
                }
                _ => None,
            };
            html! {
                <>
                    if let Some(note) = explain::find(explain::WRITE, kind.name()) { { note_view(note) } }
                    if let Some(line) = when_full {
                        <p class="note small">{ line }</p>
                    }
                    { tradeoffs(kind) }
                </>
            }
        }
        Group::Run => {
            // The one place the UI draws randomness: to offer a seed, which then travels
            // in the scenario like any other field.
            let dispatch = dispatch.clone();
            let new_seed = Callback::from(move |_: MouseEvent| {
                let seed = (js_sys::Math::random() * 4_294_967_296.0).floor();
                dispatch.emit(Action::Edit {
                    side,
                    path: "seed".to_string(),
                    text: format::editable(seed),
                });
            });
            // The scenario as a file for `cacheplay run`, which gives the same run.
            let json = serde_json::to_string_pretty(scenario).unwrap_or_default();
            html! {
                <>
                    <p class="actions">
                        <button data-testid="new-seed" onclick={new_seed}
                            title="Draw a new random seed: other arrivals, same scenario">{ "New seed" }</button>
                    </p>
                    <details class="scenario-file" data-testid="scenario-file">
                        <summary>{ "Scenario as a file" }</summary>
                        <p class="note small">{ "Save as scenario.json; " }<code>{ "cacheplay run scenario.json" }</code>{ " gives the same run and fingerprint." }</p>
                        <pre data-testid="scenario-json">{ json }</pre>
                    </details>
                </>
            }
        }
        Group::Servers => explain::find(
            explain::AUTOSCALE,
            AutoscalerKind::of(&scenario.autoscaling).name(),
        )
        .map(note_view)
        .unwrap_or_default(),
        Group::Faults => fault_timeline(scenario, side, dispatch),
        Group::RateLimits => html! {
            if scenario.rate_limits.tiers.is_empty() {
                <p class="note small">{ "No limits: every request goes to the servers. A request must pass every tier; only a request all tiers admit is charged to them (nginx's rule with several limit_req)." }</p>
            }
        },
        Group::Store => html! {},
    }
}

fn note_view(note: &explain::Note) -> Html {
    html! {
        <div class="note" data-testid={format!("note-{}", note.name)}>
            <p><b>{ note.label }</b>{ ": " }{ note.what }</p>
            <dl>
                <dt>{ "Pros" }</dt><dd>{ note.pros }</dd>
                <dt>{ "Cons" }</dt><dd>{ note.cons }</dd>
                <dt>{ "Mirrors" }</dt><dd>{ note.mirrors }</dd>
                <dt>{ "Model" }</dt><dd>{ note.simplifies }</dd>
            </dl>
        </div>
    }
}

/// The write-policy trade-off table, the chosen policy's column highlighted.
fn tradeoffs(chosen: WriteKind) -> Html {
    let head = WriteKind::ALL.iter().map(|kind| {
        let label = explain::find(explain::WRITE, kind.name()).map_or(kind.label(), |n| n.label);
        html! { <th scope="col" class={classes!((*kind == chosen).then_some("chosen"))}>{ label }</th> }
    });
    let rows = explain::WRITE_TRADEOFFS.iter().map(|(aspect, through, back, around)| {
        let cells = WriteKind::ALL
            .iter()
            .zip([through, back, around])
            .map(|(kind, text)| html! { <td class={classes!((*kind == chosen).then_some("chosen"))}>{ *text }</td> });
        html! { <tr><th scope="row">{ *aspect }</th>{ for cells }</tr> }
    });
    html! {
        <table class="tradeoffs" data-testid="write-tradeoffs">
            <caption>{ "Write policies compared" }</caption>
            <thead><tr><td></td>{ for head }</tr></thead>
            <tbody>{ for rows }</tbody>
        </table>
    }
}

/// Where a spike of `length_s` starts when dragged so its middle is at `fraction` of a run
/// of `duration_s`: whole seconds, and the spike stays inside the run.
pub fn spike_start_at(fraction: f64, duration_s: f64, length_s: f64) -> f64 {
    let latest = (duration_s - length_s).max(0.0);
    (fraction.clamp(0.0, 1.0) * duration_s - length_s / 2.0)
        .round()
        .clamp(0.0, latest.floor())
}

/// A small timeline of the load profile over the run. A spike is a shaded window that
/// can be dragged along the run.
fn profile_preview(
    profile: &LoadProfile,
    duration_s: f64,
    side: Side,
    dispatch: &Callback<Action>,
) -> Html {
    const W: f64 = 280.0;
    const H: f64 = 56.0;
    const N: usize = 280;
    let rates: Vec<f64> = (0..=N)
        .map(|i| workload::rate_at(profile, duration_s * i as f64 / N as f64, duration_s))
        .collect();
    let max = rates.iter().copied().fold(0.0f64, f64::max).max(1e-9);
    let mut line = String::new();
    for (i, rate) in rates.iter().enumerate() {
        let x = W * i as f64 / N as f64;
        let y = H - 2.0 - (H - 8.0) * rate / max;
        line.push_str(&format!("{}{x:.1},{y:.1} ", if i == 0 { "M" } else { "L" }));
    }
    let area = format!("{line}L{W},{H} L0,{H} Z");
    let spike = match *profile {
        LoadProfile::Spike {
            start_s, length_s, ..
        } if duration_s > 0.0 => Some((start_s, length_s)),
        _ => None,
    };
    let window = spike.map(|(start_s, length_s)| {
        let x = W * start_s / duration_s;
        let w = (W * length_s / duration_s).max(2.0);
        html! { <rect class="window" x={format!("{x:.1}")} y="0" width={format!("{w:.1}")} height={H.to_string()} /> }
    });
    // Dragging moves the spike: the pointer's position along the run becomes its middle.
    let drag = spike.map(|(_, length_s)| {
        let dispatch = dispatch.clone();
        move |e: MouseEvent| {
            if e.buttons() & 1 == 0 {
                return;
            }
            // Yew delegates events to the page root, so the timeline is found from the
            // element under the pointer rather than from the listener's element.
            let Some(target) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|element| element.closest("svg").ok().flatten())
            else {
                return;
            };
            let rect = target.get_bounding_client_rect();
            let fraction = (f64::from(e.client_x()) - rect.left()) / rect.width().max(1.0);
            dispatch.emit(Action::Edit {
                side,
                path: "workload.profile.start_s".to_string(),
                text: format::editable(spike_start_at(fraction, duration_s, length_s)),
            });
        }
    });
    let (onmousedown, onmousemove) = match drag {
        Some(drag) => {
            let drag = Rc::new(drag);
            let down = drag.clone();
            (
                Some(Callback::from(move |e: MouseEvent| down(e))),
                Some(Callback::from(move |e: MouseEvent| drag(e))),
            )
        }
        None => (None, None),
    };
    html! {
        <figure class={classes!("profile", spike.is_some().then_some("draggable"))} data-testid="profile-preview">
            <svg viewBox={format!("0 0 {W} {H}")} preserveAspectRatio="none" role="img"
                aria-label={format!("Arrival rate over the run, peaking at {} requests per second", format::metric(max))}
                {onmousedown} {onmousemove}>
                { for window }
                <path class="area" d={area} />
                <path class="line" d={line} />
            </svg>
            <figcaption>
                <span>{ "0" }</span>
                <span>
                    { format!("peak {}/s", format::metric(max)) }
                    if spike.is_some() { { " · drag to move the spike" } }
                </span>
                <span>{ format::seconds_short(duration_s) }</span>
            </figcaption>
        </figure>
    }
}

/// The faults on a small timeline of the run, one lane per fault; dragging a fault
/// moves it along the run.
fn fault_timeline(scenario: &Scenario, side: Side, dispatch: &Callback<Action>) -> Html {
    const W: f64 = 1_000.0;
    const LANE: f64 = 14.0;
    let duration = scenario.duration_s.max(f64::MIN_POSITIVE);
    let count = scenario.faults.len();
    let lanes = count.max(1) as f64;
    let bars = scenario.faults.iter().enumerate().map(|(i, fault)| {
        let (start, end) = choice::window(fault);
        let x = (start / duration).clamp(0.0, 1.0) * W;
        // A crash is a moment: at least a visible sliver.
        let width = ((end.min(duration) - start) / duration * W).max(4.0);
        let kind = FaultKind::of(fault).name();
        html! {
            <rect class={classes!("fault", kind)} x={format!("{x:.1}")} y={format!("{:.1}", i as f64 * LANE + 2.0)}
                width={format!("{width:.1}")} height={format!("{:.1}", LANE - 4.0)}>
                <title>{ format!("{}: {} s to {} s", kind.replace('_', " "), format::editable(start), format::editable(end)) }</title>
            </rect>
        }
    });
    // The pointer's lane picks the fault, its position along the run the new middle.
    let drag = {
        let dispatch = dispatch.clone();
        Rc::new(move |e: MouseEvent| {
            if e.buttons() & 1 == 0 || count == 0 {
                return;
            }
            // Yew delegates events to the page root, so the timeline is found from the
            // element under the pointer rather than from the listener's element.
            let Some(svg) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|element| element.closest("svg").ok().flatten())
            else {
                return;
            };
            let rect = svg.get_bounding_client_rect();
            let fx = (f64::from(e.client_x()) - rect.left()) / rect.width().max(1.0);
            let fy = (f64::from(e.client_y()) - rect.top()) / rect.height().max(1.0);
            let index = ((fy * count as f64).floor().max(0.0) as usize).min(count - 1);
            dispatch.emit(Action::MoveFault {
                side,
                index,
                middle_s: fx.clamp(0.0, 1.0) * duration,
            });
        })
    };
    let down = drag.clone();
    html! {
        <figure class={classes!("profile", "timeline", (count > 0).then_some("draggable"))} data-testid="fault-timeline">
            <svg viewBox={format!("0 0 {W} {}", lanes * LANE)} preserveAspectRatio="none" role="img"
                style={format!("height: {}px", lanes * LANE)}
                aria-label={format!("{count} faults over the run")}
                onmousedown={Callback::from(move |e: MouseEvent| down(e))}
                onmousemove={Callback::from(move |e: MouseEvent| drag(e))}>
                { for bars }
            </svg>
            <figcaption>
                <span>{ "0" }</span>
                <span>{ if count == 0 { "no faults: add one below" } else { "shaded on every chart · drag to move" } }</span>
                <span>{ format::seconds_short(scenario.duration_s) }</span>
            </figcaption>
        </figure>
    }
}

#[derive(Properties, PartialEq)]
pub struct FieldRowProps {
    pub path: String,
    pub side: Side,
    /// The scenario's value, as text.
    pub value: String,
    /// Rejected text still in the field.
    pub draft_text: Option<String>,
    pub error: Option<String>,
    /// Why the setting cannot affect the run, when it cannot.
    pub inert: Option<String>,
    /// A's value, when editing B and it differs.
    pub a_value: Option<String>,
    pub dispatch: Callback<Action>,
}

/// One labelled control, with its error in words underneath.
#[function_component(FieldRow)]
pub fn field_row(props: &FieldRowProps) -> Html {
    let Some((field, _)) = fields::find(&props.path) else {
        return html! {};
    };
    let id = format!("{}-{}", props.side.name(), props.path.replace('.', "-"));
    let error_id = format!("{id}-error");
    let edit = {
        let dispatch = props.dispatch.clone();
        let (side, path) = (props.side, props.path.clone());
        move |text: String| {
            dispatch.emit(Action::Edit {
                side,
                path: path.clone(),
                text,
            })
        }
    };
    let control = control(field, &id, props, edit);
    // A rejected draft stays in the box to be fixed; the note says the run still uses
    // the value before it, so the box never passes for the value in use.
    let in_use = props.draft_text.as_ref().map(|_| {
        let unit = match &field.kind {
            Kind::Number { unit, .. } if !unit.is_empty() => format!(" {unit}"),
            _ => String::new(),
        };
        format!("Not applied: the run uses {}{unit}.", props.value)
    });
    let error = props.error.as_ref().map(|message| {
        html! {
            <p class="error" id={error_id.clone()} role="alert">
                { message }
                if let Some(in_use) = &in_use {
                    <span class="in-use" data-testid="in-use">{ " " }{ in_use.clone() }</span>
                }
            </p>
        }
    });
    html! {
        <div class={classes!("field", props.error.is_some().then_some("invalid"), props.a_value.is_some().then_some("differs"))}
             data-testid={format!("field-{}", props.path)}>
            { control }
            if let Some(a) = &props.a_value {
                <p class="diff">{ format!("A: {}", if a.is_empty() { "—" } else { a }) }</p>
            }
            { for error }
            if let Some(message) = &props.inert {
                <p class="inert" id={format!("{id}-inert")} data-testid="inert">{ message }</p>
            }
        </div>
    }
}

/// A note that a list item cannot affect the run as configured.
fn inert_view(message: Option<&str>) -> Html {
    message
        .map(|message| html! { <p class="inert" data-testid="inert">{ message }</p> })
        .unwrap_or_default()
}

fn control(
    field: &Field,
    id: &str,
    props: &FieldRowProps,
    edit: impl Fn(String) + 'static,
) -> Html {
    let edit = Rc::new(edit);
    let invalid = props.error.is_some();
    // Screen readers read the error and the inert note with the control.
    let described = [
        invalid.then(|| format!("{id}-error")),
        props.inert.as_ref().map(|_| format!("{id}-inert")),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>();
    let described = (!described.is_empty()).then(|| described.join(" "));
    match &field.kind {
        Kind::Number {
            unit,
            range,
            slider,
            ..
        } => {
            let text = props
                .draft_text
                .clone()
                .unwrap_or_else(|| props.value.clone());
            let value: f64 = props.value.parse().unwrap_or(slider.lo);
            let position = fields::to_slider(slider, value);
            let (slider, range) = (*slider, *range);
            let on_slide = {
                let edit = edit.clone();
                Callback::from(move |e: InputEvent| {
                    let input: web_sys::HtmlInputElement = e.target_unchecked_into();
                    let position = input.value().parse().unwrap_or(0);
                    edit(format::editable(fields::from_slider(
                        &slider, &range, position,
                    )));
                })
            };
            let on_change = {
                let edit = edit.clone();
                Callback::from(move |e: Event| {
                    let input: web_sys::HtmlInputElement = e.target_unchecked_into();
                    edit(input.value());
                })
            };
            html! {
                <>
                    <label for={id.to_string()}>{ field.label }</label>
                    <div class="number">
                        <input type="range" min="0" max={fields::SLIDER_STEPS.to_string()}
                            value={position.to_string()} aria-label={format!("{} slider", field.label)}
                            aria-valuetext={format::spoken(value, unit)}
                            oninput={on_slide} />
                        <input type="text" inputmode="decimal" id={id.to_string()} value={text}
                            aria-invalid={invalid.to_string()} aria-describedby={described}
                            onchange={on_change} spellcheck="false" autocomplete="off" />
                        <span class="unit">{ *unit }</span>
                    </div>
                </>
            }
        }
        Kind::Choice { options, .. } => {
            let on_change = {
                let edit = edit.clone();
                Callback::from(move |e: Event| {
                    let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
                    edit(select.value());
                })
            };
            let options = options().into_iter().map(|(value, label)| {
                html! { <option value={value} selected={value == props.value}>{ label }</option> }
            });
            html! {
                <>
                    <label for={id.to_string()}>{ field.label }</label>
                    <select id={id.to_string()} onchange={on_change} aria-invalid={invalid.to_string()}
                        aria-describedby={described}>
                        { for options }
                    </select>
                </>
            }
        }
        Kind::Toggle { .. } => {
            let checked = props.value == "true";
            let on_change = {
                let edit = edit.clone();
                Callback::from(move |e: Event| {
                    let input: web_sys::HtmlInputElement = e.target_unchecked_into();
                    edit(input.checked().to_string());
                })
            };
            html! {
                <label class="toggle" for={id.to_string()}>
                    <input type="checkbox" id={id.to_string()} checked={checked} onchange={on_change}
                        aria-describedby={described} />
                    { field.label }
                </label>
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dragged_spike_stays_inside_the_run() {
        // A 10 s spike centred at 30 % of 60 s starts at 18 − 5 = 13 s.
        assert_eq!(spike_start_at(0.3, 60.0, 10.0), 13.0);
        assert_eq!(spike_start_at(0.0, 60.0, 10.0), 0.0);
        // At the very end it still fits: 60 − 10 = 50.
        assert_eq!(spike_start_at(1.0, 60.0, 10.0), 50.0);
        assert_eq!(spike_start_at(0.5, 60.0, 90.0), 0.0);
    }
}
