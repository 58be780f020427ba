//! The one error type of the crate.

/// Why a page or chart could not be made.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The library could not compute a figure (a total beyond the exact
    /// range, an invalid query).
    #[error(transparent)]
    Library(#[from] eduaid::Error),
    /// Plotters could not draw a chart.
    #[error("cannot draw the chart {chart:?}: {message}")]
    Draw {
        /// The chart's id.
        chart: String,
        /// What plotters said.
        message: String,
    },
}
