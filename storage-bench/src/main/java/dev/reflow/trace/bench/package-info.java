/**
 * JMH benchmarks: every backend through the {@code TraceStorage} API, the same work done with the
 * raw drivers as baselines, Zipkin's in-memory store as a peer, and the codec. Run with
 * {@code bench/run.sh}; the report lands in {@code docs/performance.md}.
 */
package dev.reflow.trace.bench;
