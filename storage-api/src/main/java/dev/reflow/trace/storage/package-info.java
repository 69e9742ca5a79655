/**
 * The storage API: {@link dev.reflow.trace.storage.TraceStorage}, queries, configuration,
 * backend selection ({@link dev.reflow.trace.storage.TraceStorages}) and the exception family.
 */
package dev.reflow.trace.storage;
