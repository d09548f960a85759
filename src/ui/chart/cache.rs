//! What a chart keeps between frames: every series so far, so a frame only converts the
//! samples that are new since the last one.

use super::canvas::Palette;
use crate::ui::charts::{self, ChartSpec};
use crate::ui::runner::{Lane, Runs};
use crate::ui::state::Side;

/// One lane's series, as `(t_s, y)` points.
pub type Columns = Vec<Vec<(f64, f64)>>;

/// What a chart keeps between frames: the theme's colours and every series so far, so a
/// frame only converts the samples that are new since the last one.
#[derive(Default)]
pub struct Cache {
    pub layout: Option<u64>,
    /// Canvas width in CSS pixels, as last measured.
    pub width: f64,
    pub draws: u32,
    pub palette: Option<Palette>,
    generation: u64,
    lanes: Vec<LaneColumns>,
}

pub struct LaneColumns {
    len: usize,
    pub columns: Columns,
}

impl Cache {
    /// Brings the cached series up to date with `runs` and returns them by lane.
    pub fn update(&mut self, spec: &ChartSpec, runs: &Runs) -> &[LaneColumns] {
        let lanes: Vec<&Lane> = [Side::A, Side::B]
            .into_iter()
            .filter_map(|side| runs.lane(side))
            .collect();
        let stale = self.generation != runs.generation
            || self.lanes.len() != lanes.len()
            || lanes
                .iter()
                .zip(&self.lanes)
                .any(|(l, c)| l.samples().len() < c.len);
        if stale {
            self.generation = runs.generation;
            self.lanes = lanes
                .iter()
                .map(|_| LaneColumns {
                    len: 0,
                    columns: spec.series.iter().map(|_| Vec::new()).collect(),
                })
                .collect();
        }
        for (lane, cached) in lanes.iter().zip(self.lanes.iter_mut()) {
            let fresh = &lane.samples()[cached.len..];
            let new = charts::columns(spec, fresh, lane.sample_interval_s());
            for (column, tail) in cached.columns.iter_mut().zip(new) {
                column.extend(tail);
            }
            cached.len = lane.samples().len();
        }
        &self.lanes
    }
}
