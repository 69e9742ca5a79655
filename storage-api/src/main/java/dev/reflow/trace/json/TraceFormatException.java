package dev.reflow.trace.json;

import dev.reflow.trace.storage.TraceStorageException;

/**
 * Input that is not a Reflow trace as Reflow's serde code would accept it. The message names the
 * place: {@code [source:]line:column: $.events[3].timestamp: expected RFC 3339 timestamp, got "yesterday"}.
 */
public class TraceFormatException extends TraceStorageException {
  private final String source;
  private final long line;
  private final long column;
  private final String path;
  private final String reason;

  /**
   * @param source a file name or similar, or null
   * @param line 1-based line, or -1 when unknown
   * @param column 1-based column, or -1 when unknown
   * @param path JSON path such as {@code $.events[3].timestamp}
   * @param reason what was wrong, e.g. {@code expected RFC 3339 timestamp, got "yesterday"}
   */
  public TraceFormatException(String source, long line, long column, String path, String reason, Throwable cause) {
    super(format(source, line, column, path, reason), cause);
    this.source = source;
    this.line = line;
    this.column = column;
    this.path = path;
    this.reason = reason;
  }

  private static String format(String source, long line, long column, String path, String reason) {
    StringBuilder sb = new StringBuilder();
    if (source != null) {
      sb.append(source).append(':');
    }
    if (line > 0) {
      sb.append(line).append(':').append(column).append(": ");
    } else if (source != null) {
      sb.append(' ');
    }
    if (path != null) {
      sb.append(path).append(": ");
    }
    return sb.append(reason).toString();
  }

  /** The same error attributed to a source (file name), keeping position and path. */
  public TraceFormatException withSource(String newSource) {
    return new TraceFormatException(newSource, line, column, path, reason, getCause());
  }

  public String source() {
    return source;
  }

  public long line() {
    return line;
  }

  public long column() {
    return column;
  }

  public String path() {
    return path;
  }

  public String reason() {
    return reason;
  }
}
