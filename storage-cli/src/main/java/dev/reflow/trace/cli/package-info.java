/**
 * The {@code reflow-trace} command line (picocli). The entry points are
 * {@link dev.reflow.trace.cli.ReflowTrace#main(String[])} and, for running it in-process,
 * {@link dev.reflow.trace.cli.ReflowTrace#execute(CliContext, String...)}. Commands are listed in
 * {@code ReflowTrace.SUBCOMMANDS}; see docs/cli.md, "Adding a command".
 */
package dev.reflow.trace.cli;
