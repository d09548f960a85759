//! The curve's computation: a `CurveJob` stepped in budgeted slices on a
//! [`FrameLoop`] while the panel is open, the last finished curve kept for reopening.

use crate::sim::replay::curve::{Curve, CurveJob, CurveRequest};
use crate::ui::frame_loop::{self, Budget, FrameLoop};
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// Requests drawn or replayed between two looks at the clock: a fraction of a
/// millisecond even for the slowest policy.
const CHUNK: usize = 2_048;

/// The curve's share of the first frame, in milliseconds; the [`Budget`] then adapts it
/// to how the frames keep time, as it does for the main run.
const FIRST_BUDGET_MS: f64 = 6.0;

/// The most a frame gives the curve. Less than the main run's 12 ms: both run in the
/// same frame while a run plays, and a pass's set-up (the next-use table, the policy's
/// arrays) can overrun a slice by a few milliseconds.
const MAX_BUDGET_MS: f64 = 8.0;

/// The last finished curve and what it was for: reopening the panel on the same
/// scenario shows it without computing it again.
type Finished = Rc<RefCell<Option<(Rc<CurveRequest>, Rc<Curve>)>>>;

/// Where the panel is: closed, computing (how far), or showing a curve.
#[derive(Clone, PartialEq)]
pub enum Status {
    Closed,
    Computing(f64),
    Done(Rc<CurveRequest>, Rc<Curve>),
}

/// The status of `request`'s curve: computed while `open`, again whenever the request
/// changes; a new request or a closed panel cancels the computation under way.
#[hook]
pub fn use_curve(open: bool, request: Rc<CurveRequest>) -> UseStateHandle<Status> {
    let status = use_state(|| Status::Closed);
    let finished: Finished = use_mut_ref(|| None);
    {
        let status = status.clone();
        use_effect_with((open, request), move |(open, request)| {
            let mut frames = None;
            if !*open {
                status.set(Status::Closed);
            } else {
                let cached = finished
                    .borrow()
                    .as_ref()
                    .filter(|(done, _)| **done == **request)
                    .map(|(_, curve)| curve.clone());
                match cached {
                    Some(curve) => status.set(Status::Done(request.clone(), curve)),
                    None => {
                        status.set(Status::Computing(0.0));
                        frames = Some(compute(request.clone(), status, finished));
                    }
                }
            }
            move || drop(frames)
        });
    }
    status
}

/// Steps a new job for `request` each frame until its budget is spent, reporting its
/// progress, and at the end its curve.
fn compute(
    request: Rc<CurveRequest>,
    status: UseStateHandle<Status>,
    finished: Finished,
) -> FrameLoop {
    let mut job = Some(CurveJob::new((*request).clone()));
    let mut budget = Budget::new(FIRST_BUDGET_MS, MAX_BUDGET_MS);
    FrameLoop::start(move |wall_ms| {
        let budget_ms = budget.next(wall_ms);
        let mut clock = frame_loop::clock();
        let start = clock();
        let Some(running) = job.as_mut() else {
            return false;
        };
        loop {
            if running.step(CHUNK) {
                let curve = Rc::new(
                    running
                        .curve()
                        .cloned()
                        .expect("a finished job has a curve"),
                );
                // The trace and the replays' state go now; only the numbers stay.
                job = None;
                *finished.borrow_mut() = Some((request.clone(), curve.clone()));
                status.set(Status::Done(request.clone(), curve));
                return false;
            }
            if clock() - start >= budget_ms {
                break;
            }
        }
        status.set(Status::Computing(running.progress()));
        true
    })
}
