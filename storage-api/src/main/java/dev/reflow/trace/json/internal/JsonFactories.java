package dev.reflow.trace.json.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;

/** The one Jackson factory the codec reads with, configured to accept what serde_json accepts. */
public final class JsonFactories {
  /**
   * serde_json's recursion limit: 128 minus one, since it fails when its counter reaches zero.
   * Deeper input is rejected by Reflow, so it is rejected here too.
   */
  public static final int MAX_DEPTH = 127;

  /**
   * Jackson's defaults reject long numbers and strings that serde_json reads without complaint;
   * only the nesting limit is kept, at serde_json's value.
   */
  public static final JsonFactory FACTORY = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNestingDepth(MAX_DEPTH)
          .maxNumberLength(Integer.MAX_VALUE)
          .maxStringLength(Integer.MAX_VALUE)
          .maxNameLength(Integer.MAX_VALUE)
          .build())
      .build();

  private JsonFactories() {}
}
