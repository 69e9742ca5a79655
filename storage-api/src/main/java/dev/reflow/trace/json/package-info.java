/**
 * The Reflow JSON codec: byte-identical reading and writing of serde_json's trace format.
 *
 * <ul>
 *   <li>{@link dev.reflow.trace.json.TraceJson}: one trace, a {@code serde_json::Value}, or a
 *       {@code TraceQuery}, from and to strings, bytes and streams. A trace written by Reflow,
 *       read and written back, is byte-identical.
 *   <li>{@link dev.reflow.trace.json.TraceReader}: the traces of one input (single trace, JSON
 *       array, NDJSON or concatenated), each either read or reported with its source and line,
 *       so that one bad trace does not stop an import.
 *   <li>{@link dev.reflow.trace.json.TraceWriter}: NDJSON or a JSON array of traces.
 *   <li>{@link dev.reflow.trace.json.TraceFormatException}: input Reflow's serde code would
 *       reject, with line, column and JSON path.
 * </ul>
 *
 * <p>Reading accepts exactly what Reflow's {@code serde} derive code accepts (both model
 * versions, unknown keys ignored, structs as maps or sequences, externally tagged enums, chrono's
 * RFC 3339 grammar, the {@code uuid} crate's forms, strict UTF-8, serde_json's nesting limit).
 * Writing emits only what Reflow itself would write: compact output, declaration key order,
 * ryu float layout ({@link dev.reflow.trace.json.internal.SerdeNumberFormat}), chrono's AutoSi
 * timestamps, serde_json's string escapes.
 */
package dev.reflow.trace.json;
