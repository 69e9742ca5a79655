package dev.reflow.trace.storage.memory;

import java.util.Locale;

/** Which trace the memory backend drops when it is full. */
public enum EvictionPolicy {
  /** The least recently stored or read (by {@code get}) trace. */
  LRU,
  /** The trace stored longest ago; reads do not count, re-storing an id counts as a new store. */
  FIFO;

  /** The configuration value, {@code lru} or {@code fifo}. */
  public String configValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses {@code lru} or {@code fifo}, ignoring case (Reflow's TOML may spell them {@code LRU}).
   *
   * @return the policy, or null when the text is neither
   */
  static EvictionPolicy parseOrNull(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    for (EvictionPolicy p : values()) {
      if (p.configValue().equals(t)) {
        return p;
      }
    }
    return null;
  }
}
