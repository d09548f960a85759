//! A long run's progress on stderr: requests simulated against the number expected.
//!
//! The bar stays hidden for the first seconds, so a short run prints nothing, and always
//! when stderr is not a terminal, so scripts and logs see only the output.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::time::Duration;

/// How long a run goes unannounced.
const QUIET_FOR: Duration = Duration::from_secs(2);

pub struct Progress {
    bar: ProgressBar,
    /// Whether the bar may ever show: stderr is a terminal.
    terminal: bool,
    shown: bool,
}

impl Progress {
    /// A hidden bar for a run expected to make `expected` requests.
    pub fn new(expected: f64) -> Progress {
        let bar = ProgressBar::with_draw_target(
            Some(expected.max(1.0) as u64),
            ProgressDrawTarget::hidden(),
        );
        bar.set_style(
            ProgressStyle::with_template(
                "simulating {wide_bar} {human_pos} of ≈ {human_len} requests, {eta} left",
            )
            .expect("the template is valid"),
        );
        Progress {
            bar,
            terminal: std::io::stderr().is_terminal(),
            shown: false,
        }
    }

    /// `requests` more simulated.
    pub fn add(&mut self, requests: u64) {
        self.bar.inc(requests);
        if self.terminal && !self.shown && self.bar.elapsed() >= QUIET_FOR {
            self.shown = true;
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }

    /// Removes the bar, if it showed, so the terminal holds only the output.
    pub fn finish(self) {
        self.bar.finish_and_clear();
    }
}
