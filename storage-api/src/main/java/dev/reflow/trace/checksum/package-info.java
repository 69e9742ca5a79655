/**
 * Content checksums of Reflow message snapshots and trace integrity checks.
 *
 * <p>{@link dev.reflow.trace.checksum.Checksums} gives two canonical JSON forms: {@code reflow},
 * byte for byte what Reflow hashes ({@code serde_json} compact form of a {@code Value}), and
 * {@code jcs}, strict RFC 8785. {@link dev.reflow.trace.checksum.TraceIntegrity} recomputes the
 * checksums of captured snapshot content in a trace.
 */
package dev.reflow.trace.checksum;
