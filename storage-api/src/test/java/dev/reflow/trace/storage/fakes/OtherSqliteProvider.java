package dev.reflow.trace.storage.fakes;

/** A fake provider named "sqlite" for selection tests. */
public final class OtherSqliteProvider extends CountingProvider {
  @Override
  public String name() {
    return "sqlite";
  }
}
