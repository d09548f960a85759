//! The main runs' animation-frame loop: each frame advances the runs toward the state's
//! target within the frame's budget and tells the reducer how far they got and how much
//! wall time passed.

use crate::ui::frame_loop::{self, Budget, FrameLoop, MAX_BUDGET_MS};
use crate::ui::runner::Runs;
use crate::ui::state::{Action, UiState};
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// Wall-clock milliseconds of engine work in the first frame; the [`Budget`] adapts it to
/// how the frames keep time. At 60 frames per second a frame has 16.7 ms, and drawing the
/// charts and the page needs the rest.
const FIRST_BUDGET_MS: f64 = 10.0;

/// Runs the loop for the page's lifetime, dispatching `first_action` once it is running.
#[hook]
pub fn use_run_loop(
    latest: Rc<RefCell<UiState>>,
    runs: Rc<RefCell<Runs>>,
    dispatch: UseReducerDispatcher<UiState>,
    first_action: Action,
) {
    use_effect_with((), move |_| {
        let mut budget = Budget::new(FIRST_BUDGET_MS, MAX_BUDGET_MS);
        let frames = {
            let dispatch = dispatch.clone();
            FrameLoop::start(move |wall_ms| {
                frame(&latest, &runs, &dispatch, &mut budget, wall_ms);
                true
            })
        };
        // The first page shows a whole run at once; Play then replays it from t = 0.
        // An autoplaying embed plays from t = 0 instead.
        dispatch.dispatch(first_action);
        move || drop(frames)
    });
}

/// One frame: the runs catch up with the state, then the state with the runs and the clock.
fn frame(
    latest: &RefCell<UiState>,
    runs: &RefCell<Runs>,
    dispatch: &UseReducerDispatcher<UiState>,
    budget: &mut Budget,
    wall_ms: f64,
) {
    let state = latest.borrow().clone();
    {
        let mut runs = runs.borrow_mut();
        runs.sync(&state);
        if runs.now() < state.target && !runs.is_finished() {
            let budget_ms = budget.next(wall_ms);
            runs.advance(state.target, budget_ms, &mut frame_loop::clock());
        }
        let (now, finished) = (runs.now(), runs.is_finished());
        if now != state.now || finished != state.finished {
            dispatch.dispatch(Action::Reached {
                generation: runs.generation,
                now,
                finished,
            });
        }
    }
    if state.playing {
        dispatch.dispatch(Action::Tick { wall_ms });
    }
}
