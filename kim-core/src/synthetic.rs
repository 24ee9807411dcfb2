//! Seeded synthetic case data for examples, benchmarks and notebooks (no real personal data).
