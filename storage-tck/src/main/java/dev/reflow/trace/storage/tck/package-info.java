/**
 * The technology compatibility kit: the contract every {@link dev.reflow.trace.storage.TraceStorage}
 * backend runs. A backend's test class extends {@link dev.reflow.trace.storage.tck.TraceStorageTck}
 * and supplies a factory; the capability groups arrive as inherited {@code @Nested} classes.
 * {@link dev.reflow.trace.storage.tck.TestTraces} builds deterministic test data that backend
 * modules may reuse; {@link dev.reflow.trace.storage.tck.TckEnvironment} gates tests that need a
 * server. See {@code docs/tck.md}.
 */
package dev.reflow.trace.storage.tck;
