package dev.reflow.trace.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar manifest, when there is one. */
final class Version implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = ReflowTrace.class.getPackage().getImplementationVersion();
    return new String[] {"reflow-trace " + (v == null ? "(development build)" : v)};
  }
}
