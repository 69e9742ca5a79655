/**
 * OTLP export of Reflow traces: {@link dev.reflow.trace.otlp.OtlpMapping} turns a finished
 * {@link dev.reflow.trace.model.FlowTrace} into an OpenTelemetry {@code ExportTraceServiceRequest}
 * exactly as upstream Reflow's collector does, and encodes it as OTLP/JSON or OTLP/protobuf.
 */
package dev.reflow.trace.otlp;
