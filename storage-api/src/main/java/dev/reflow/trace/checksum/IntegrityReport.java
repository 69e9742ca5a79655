package dev.reflow.trace.checksum;

import dev.reflow.trace.model.TraceId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link TraceIntegrity#verify} found in one trace.
 *
 * @param traceId the trace checked
 * @param checks one entry per snapshot with captured content, in event order
 * @param snapshotsWithoutContent snapshots that carry no content ({@code serialized_data} empty),
 *     so there was nothing to recompute; counted, not listed
 */
public record IntegrityReport(TraceId traceId, List<SnapshotCheck> checks, int snapshotsWithoutContent) {
  public IntegrityReport {
    Objects.requireNonNull(traceId, "traceId");
    checks = List.copyOf(checks);
  }

  /**
   * True when no captured content contradicts its checksum: no {@code MISMATCH} and no
   * {@code INVALID_CONTENT}. Unverifiable snapshots (unknown codec or algorithm, no checksum) do
   * not make a trace invalid; {@link #isFullyVerified()} says whether there were any.
   */
  public boolean isValid() {
    return checks.stream().noneMatch(c -> c.status().isFailure());
  }

  /** True when every captured snapshot was verified {@code OK}. */
  public boolean isFullyVerified() {
    return checks.stream().allMatch(c -> c.status() == SnapshotCheck.Status.OK);
  }

  /** The checks that failed ({@code MISMATCH}, {@code INVALID_CONTENT}). */
  public List<SnapshotCheck> failures() {
    return checks.stream().filter(c -> c.status().isFailure()).toList();
  }

  /** How many checks ended in each status (statuses that did not occur are absent). */
  public Map<SnapshotCheck.Status, Integer> counts() {
    Map<SnapshotCheck.Status, Integer> counts = new EnumMap<>(SnapshotCheck.Status.class);
    for (SnapshotCheck c : checks) {
      counts.merge(c.status(), 1, Integer::sum);
    }
    return counts;
  }

  /**
   * A human-readable report: a headline, then one line per check that is not {@code OK}.
   *
   * <pre>
   * Trace 5d3c…: INVALID: 2 captured snapshots checked: 1 OK, 1 MISMATCH; 1 snapshot without captured content
   *   MISMATCH event 8e1f… (#2, Integer): expected sha256:7011…, actual sha256:a3c9…
   * </pre>
   */
  public String summary() {
    StringBuilder sb = new StringBuilder("Trace ").append(traceId).append(": ");
    sb.append(isValid() ? (isFullyVerified() ? "OK" : "OK (not fully verified)") : "INVALID").append(": ");
    sb.append(checks.size()).append(checks.size() == 1 ? " captured snapshot" : " captured snapshots").append(" checked");
    if (!checks.isEmpty()) {
      sb.append(": ");
      boolean first = true;
      for (Map.Entry<SnapshotCheck.Status, Integer> e : counts().entrySet()) {
        sb.append(first ? "" : ", ").append(e.getValue()).append(' ').append(e.getKey());
        first = false;
      }
    }
    sb.append("; ").append(snapshotsWithoutContent)
        .append(snapshotsWithoutContent == 1 ? " snapshot" : " snapshots").append(" without captured content");
    for (SnapshotCheck c : checks) {
      if (c.status() != SnapshotCheck.Status.OK) {
        sb.append(System.lineSeparator()).append("  ").append(c.describe());
      }
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return summary();
  }
}
