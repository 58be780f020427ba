//! Benchmarks of eduaid (see `benches/`).
