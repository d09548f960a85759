//! The one requestAnimationFrame loop the playground runs work in: the main runs and the
//! miss-ratio curve each own one, and dropping its handle stops it.
//!
//! A loop calls its closure once per animation frame with the wall-clock milliseconds
//! since the previous frame (0 for the first), until the closure says it is done. The
//! engine work a frame may take is a [`Budget`], which adapts to how the frames keep time.

use gloo::render::{request_animation_frame, AnimationFrame};
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// A running loop; dropping it cancels the next frame.
pub struct FrameLoop(Rc<Inner>);

struct Inner {
    handle: RefCell<Option<AnimationFrame>>,
    last_frame_ms: Cell<Option<f64>>,
    /// Set on drop: a frame that is running then does not schedule another.
    cancelled: Cell<bool>,
    on_frame: RefCell<Box<dyn FnMut(f64) -> bool>>,
}

impl FrameLoop {
    /// Starts calling `on_frame(wall_ms)` every animation frame while it returns true.
    pub fn start(on_frame: impl FnMut(f64) -> bool + 'static) -> FrameLoop {
        let inner = Rc::new(Inner {
            handle: RefCell::new(None),
            last_frame_ms: Cell::new(None),
            cancelled: Cell::new(false),
            on_frame: RefCell::new(Box::new(on_frame)),
        });
        inner.schedule();
        FrameLoop(inner)
    }
}

impl Drop for FrameLoop {
    fn drop(&mut self) {
        self.0.cancelled.set(true);
        // The pending frame's callback holds the loop: cutting it frees both.
        drop(self.0.handle.borrow_mut().take());
    }
}

impl Inner {
    fn schedule(self: &Rc<Inner>) {
        let inner = Rc::clone(self);
        let handle = request_animation_frame(move |timestamp| inner.frame(timestamp));
        *self.handle.borrow_mut() = Some(handle);
    }

    fn frame(self: &Rc<Inner>, timestamp_ms: f64) {
        let wall_ms = self
            .last_frame_ms
            .replace(Some(timestamp_ms))
            .map_or(0.0, |last| timestamp_ms - last);
        let again = (self.on_frame.borrow_mut())(wall_ms);
        if again && !self.cancelled.get() {
            self.schedule();
        }
    }
}

/// A wall clock in milliseconds (`performance.now()`), or 0 where the page has none.
pub fn clock() -> impl FnMut() -> f64 {
    let performance = web_sys::window().and_then(|w| w.performance());
    move || performance.as_ref().map_or(0.0, |p| p.now())
}

/// The milliseconds of work a loop may do in a frame.
pub struct Budget {
    ms: f64,
    max_ms: f64,
}

impl Budget {
    /// Starts at `first_ms` and never grows past `max_ms`.
    pub fn new(first_ms: f64, max_ms: f64) -> Budget {
        Budget {
            ms: first_ms,
            max_ms,
        }
    }

    /// This frame's share, given how long the last frame took.
    pub fn next(&mut self, last_frame_ms: f64) -> f64 {
        self.ms = next_budget(self.ms, last_frame_ms).min(self.max_ms);
        self.ms
    }
}

/// The most any frame gives the engine: 12 ms leaves 4.7 ms of a 60 Hz frame for the
/// page, which redraws the charts only every other frame while the engine is busy
/// (measured by `make bench-browser`).
pub const MAX_BUDGET_MS: f64 = 12.0;

/// The engine's share of the next frame, in milliseconds, given the current share and how
/// long the last frame took: it shrinks while frames run late (a busy machine, a heavy
/// page) and grows back while they are on time, so the page keeps its frame rate and the
/// engine takes what is left.
pub fn next_budget(budget_ms: f64, last_frame_ms: f64) -> f64 {
    const MIN_MS: f64 = 2.0;
    // A 60 Hz frame is 16.7 ms; above 20 ms one was missed. Shrinking by 30 % and growing
    // back 0.5 ms per on-time frame settles where few frames are late, and a short run (the
    // default preset is over in a handful of frames) still gets most of each frame.
    let next = if last_frame_ms > 20.0 {
        budget_ms * 0.7
    } else {
        budget_ms + 0.5
    };
    next.clamp(MIN_MS, MAX_BUDGET_MS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_budget_yields_to_late_frames() {
        // A 33 ms frame: 8 → 5.6 ms; on-time frames win it back 0.5 ms at a time.
        assert!((next_budget(8.0, 33.0) - 5.6).abs() < 1e-9);
        assert!((next_budget(6.0, 16.7) - 6.5).abs() < 1e-9);
        assert_eq!(next_budget(2.0, 50.0), 2.0);
        assert_eq!(next_budget(12.0, 16.7), 12.0);
    }

    #[test]
    fn a_budget_stays_under_its_cap() {
        // 6 ms growing by 0.5 ms per on-time frame reaches the 8 ms cap after 4 frames
        // and stays there; a late frame takes 30 % off: 8 → 5.6 ms.
        let mut budget = Budget::new(6.0, 8.0);
        let shares: Vec<f64> = (0..6).map(|_| budget.next(16.7)).collect();
        assert_eq!(shares, [6.5, 7.0, 7.5, 8.0, 8.0, 8.0]);
        assert!((budget.next(40.0) - 5.6).abs() < 1e-9);
    }
}
