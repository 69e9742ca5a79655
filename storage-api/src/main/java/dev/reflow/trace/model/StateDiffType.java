package dev.reflow.trace.model;

/** Reflow's {@code StateDiffType}: {@code "Full"}, {@code "Incremental"}, {@code "MemoryOnly"}. */
public enum StateDiffType {
  FULL("Full"),
  INCREMENTAL("Incremental"),
  MEMORY_ONLY("MemoryOnly");

  private final String variantName;

  StateDiffType(String variantName) {
    this.variantName = variantName;
  }

  public String variantName() {
    return variantName;
  }

  /** The variant with this exact (case-sensitive) Reflow name, or null. */
  public static StateDiffType byVariantName(String name) {
    for (StateDiffType t : values()) {
      if (t.variantName.equals(name)) {
        return t;
      }
    }
    return null;
  }
}
