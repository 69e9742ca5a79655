package dev.reflow.trace.storage.fakes;

import java.util.Set;

/** A fake provider named "legacy" for selection tests. */
public final class LegacySqliteProvider extends CountingProvider {
  @Override
  public String name() {
    return "legacy";
  }

  @Override
  public Set<String> aliases() {
    return Set.of("sqlite");
  }
}
