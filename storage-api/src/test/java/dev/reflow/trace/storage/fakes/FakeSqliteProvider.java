package dev.reflow.trace.storage.fakes;

import java.util.Set;

/** A fake provider named "sqlite" for selection tests. */
public final class FakeSqliteProvider extends CountingProvider {
  @Override
  public String name() {
    return "sqlite";
  }

  @Override
  public Set<String> aliases() {
    return Set.of("SQLite3");
  }
}
