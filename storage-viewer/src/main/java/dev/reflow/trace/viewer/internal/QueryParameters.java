package dev.reflow.trace.viewer.internal;

import dev.reflow.trace.model.ExecutionId;
import dev.reflow.trace.model.ExecutionStatus;
import dev.reflow.trace.model.Timestamp;
import dev.reflow.trace.storage.Durations;
import dev.reflow.trace.storage.Redaction;
import dev.reflow.trace.storage.TracePosition;
import dev.reflow.trace.storage.TraceQuery;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The query parameters of one API request, checked: every name must be one the route accepts and
 * appear once, every value must parse. A problem is an {@link ApiException} (HTTP 400) naming the
 * parameter; a value is quoted back only shortened and with anything credential-like masked, and
 * {@code token} is never quoted.
 */
final class QueryParameters {
  /** The most traces one page may ask for. */
  static final int MAX_LIMIT = 1000;
  static final int DEFAULT_LIMIT = 50;
  /** Accepted on every route: the auth token, checked before the route runs. */
  static final String TOKEN = "token";

  /** Ages carry a unit or are ISO-8601 (as the CLI's --since); anything else is a timestamp. */
  private static final Pattern AGE = Pattern.compile("(?i)\\s*(\\d+\\s*(ms|s|m|h|d|w)|p\\S+)\\s*");
  private static final int QUOTE_MAX = 80;

  private final Map<String, List<String>> values;

  private QueryParameters(Map<String, List<String>> values) {
    this.values = values;
  }

  /** Checks that only {@code accepted} names (and {@code token}) appear, each once. */
  static QueryParameters of(Map<String, List<String>> values, Set<String> accepted) {
    for (Map.Entry<String, List<String>> e : values.entrySet()) {
      String name = e.getKey();
      if (!accepted.contains(name) && !name.equals(TOKEN)) {
        throw ApiException.badParameter(quote(name), "unknown parameter "
            + "\"" + quote(name) + "\"; this endpoint accepts " + (accepted.isEmpty() ? "none" : String.join(", ", new TreeSet<>(accepted))));
      }
      if (e.getValue().size() > 1 && !name.equals(TOKEN)) {
        throw ApiException.badParameter(name, "parameter \"" + name + "\" is given " + e.getValue().size()
            + " times; give it once");
      }
    }
    return new QueryParameters(values);
  }

  /** The value, or null when absent; an empty value counts as absent (an empty form field). */
  String get(String name) {
    List<String> v = values.get(name);
    if (v == null || v.isEmpty() || v.get(0).isEmpty()) {
      return null;
    }
    return v.get(0);
  }

  /** The list filters as a query builder (no paging); ages are counted back from {@code clock}. */
  TraceQuery.Builder filters(Clock clock) {
    TraceQuery.Builder b = TraceQuery.builder().flowId(get("flow")).actorFilter(get("actor"));
    String execution = get("execution");
    if (execution != null) {
      try {
        b.executionId(ExecutionId.parse(execution.trim()));
      } catch (IllegalArgumentException e) {
        throw ApiException.badParameter("execution", "execution \"" + quote(execution)
            + "\" is not an execution id (a UUID such as 740aa566-cea5-4121-83f3-e7651538010a)");
      }
    }
    String status = get("status");
    if (status != null) {
      b.status(status(status));
    }
    b.from(time("since", clock)).to(time("until", clock));
    return b;
  }

  /** {@code limit}: 1 to {@link #MAX_LIMIT}, default {@link #DEFAULT_LIMIT}. */
  int limit() {
    String text = get("limit");
    if (text == null) {
      return DEFAULT_LIMIT;
    }
    int n;
    try {
      n = Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw ApiException.badParameter("limit", "limit \"" + quote(text) + "\" is not a whole number from 1 to " + MAX_LIMIT);
    }
    if (n < 1 || n > MAX_LIMIT) {
      throw ApiException.badParameter("limit", "limit " + n + " is out of range: 1 to " + MAX_LIMIT);
    }
    return n;
  }

  /** {@code after}: the {@code next} cursor of the previous page, or null. */
  TracePosition after() {
    String text = get("after");
    if (text == null) {
      return null;
    }
    try {
      return TracePosition.parse(text.trim());
    } catch (IllegalArgumentException e) {
      throw ApiException.badParameter("after", "after \"" + quote(text)
          + "\" is not a cursor: pass the \"next\" value of the previous page as it is");
    }
  }

  /** Builds the query, turning what TraceQuery refuses (an inverted range, a bad filter) into a 400. */
  static TraceQuery build(TraceQuery.Builder b) {
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      String m = e.getMessage();
      String parameter = m.startsWith("time range") ? "since" : m.startsWith("actor") ? "actor" : m.startsWith("flow") ? "flow" : null;
      throw new ApiException(400, "invalid_parameter", m, parameter);
    }
  }

  private static ExecutionStatus.Kind status(String text) {
    for (ExecutionStatus.Kind k : ExecutionStatus.Kind.values()) {
      if (k.variantName().equalsIgnoreCase(text.trim())) {
        return k;
      }
    }
    throw ApiException.badParameter("status", "status \"" + quote(text)
        + "\" is not one of Pending, Running, Completed, Failed, Cancelled (any case)");
  }

  private Instant time(String name, Clock clock) {
    String text = get(name);
    if (text == null) {
      return null;
    }
    try {
      if (AGE.matcher(text).matches()) {
        return clock.instant().minus(Durations.parse(text.trim()));
      }
      return Timestamp.parse(text.trim()).toInstant();
    } catch (RuntimeException e) {
      throw ApiException.badParameter(name, name + " \"" + quote(text) + "\" is neither an RFC 3339 timestamp "
          + "(2026-03-14T09:00:00Z) nor an age such as 90s, 15m, 2h or 7d");
    }
  }

  /** A value as an error message may show it: credential-like parts masked, at most 80 characters. */
  static String quote(String value) {
    String s = Redaction.redact(value);
    StringBuilder out = new StringBuilder();
    s.codePoints().limit(QUOTE_MAX).forEach(cp -> out.appendCodePoint(Character.isISOControl(cp) ? '?' : cp));
    return s.codePointCount(0, s.length()) > QUOTE_MAX ? out + "…" : out.toString();
  }
}
