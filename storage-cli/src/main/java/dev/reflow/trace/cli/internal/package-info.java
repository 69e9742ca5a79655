/**
 * Formatting and argument parsing for the {@code reflow-trace} command line. Not public API: it
 * may change in any release.
 */
package dev.reflow.trace.cli.internal;
