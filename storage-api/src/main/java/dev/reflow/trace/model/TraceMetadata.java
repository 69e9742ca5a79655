package dev.reflow.trace.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reflow's {@code TraceMetadata}. {@code tags} keeps the order it was given in.
 *
 * @param processId a {@code u32}, held in a {@code long} in {@code [0, 2^32)}
 * @param threadId Rust's {@code format!("{:?}", thread::current().id())}, e.g. {@code "ThreadId(7)"}
 */
public record TraceMetadata(
    String userId,
    String sessionId,
    String environment,
    String hostname,
    long processId,
    String threadId,
    Map<String, String> tags) {

  public TraceMetadata {
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(hostname, "hostname");
    Objects.requireNonNull(threadId, "thread_id");
    if (processId < 0 || processId > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("process_id out of u32 range: " + processId);
    }
    tags = tags == null || tags.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    tags.forEach((k, v) -> Objects.requireNonNull(v, "tag " + k));
  }

  /** Equality treats tag order as significant, since it is written back in that order. */
  @Override
  public boolean equals(Object o) {
    return o instanceof TraceMetadata m
        && Objects.equals(userId, m.userId)
        && Objects.equals(sessionId, m.sessionId)
        && environment.equals(m.environment)
        && hostname.equals(m.hostname)
        && processId == m.processId
        && threadId.equals(m.threadId)
        && List.copyOf(tags.entrySet()).equals(List.copyOf(m.tags.entrySet()));
  }

  @Override
  public int hashCode() {
    return Objects.hash(userId, sessionId, environment, hostname, processId, threadId, tags);
  }
}
