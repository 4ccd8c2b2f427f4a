//! Data-driven tests; see fixture.rs.
