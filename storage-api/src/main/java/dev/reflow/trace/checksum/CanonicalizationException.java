package dev.reflow.trace.checksum;

import dev.reflow.trace.storage.TraceStorageException;

/**
 * A JSON value that a canonical form cannot represent, e.g. NaN under RFC 8785 or a string with an
 * unpaired surrogate (not Unicode text, so neither Reflow nor JCS can hash it). The message names
 * the form and the JSON path: {@code jcs: $.readings[2]: NaN is not a JSON number}.
 */
public class CanonicalizationException extends TraceStorageException {
  private final String form;
  private final String path;
  private final String reason;

  public CanonicalizationException(String form, String path, String reason) {
    super(form + ": " + path + ": " + reason);
    this.form = form;
    this.path = path;
    this.reason = reason;
  }

  /** {@code "reflow"} or {@code "jcs"}. */
  public String form() {
    return form;
  }

  /** Where in the value, e.g. {@code $.items[3].name}. */
  public String path() {
    return path;
  }

  public String reason() {
    return reason;
  }
}
