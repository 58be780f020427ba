//! Examples of eduaid (see `examples/`).
