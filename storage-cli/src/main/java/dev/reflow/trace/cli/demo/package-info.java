/**
 * Synthetic but realistic Reflow traces for demonstrations and benchmarks.
 * {@link dev.reflow.trace.cli.demo.SyntheticTraces} is public API of this module: the benchmark
 * module generates its data with it.
 */
package dev.reflow.trace.cli.demo;
