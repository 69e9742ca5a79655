/**
 * The trace model: immutable records mirroring Reflow's {@code reflow_tracing_protocol} types
 * field for field. Sealed types stand where Rust has enums. Nullable components are Rust
 * {@code Option}s; collection components are never null.
 */
package dev.reflow.trace.model;
