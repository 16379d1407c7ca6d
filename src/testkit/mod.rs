//! Synthetic news corpora with known reprints, for tests and benchmarks (work in progress).
