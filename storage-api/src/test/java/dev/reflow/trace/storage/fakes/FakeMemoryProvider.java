package dev.reflow.trace.storage.fakes;

/** A fake provider named "memory" for selection tests. */
public final class FakeMemoryProvider extends CountingProvider {
  @Override
  public String name() {
    return "memory";
  }
}
