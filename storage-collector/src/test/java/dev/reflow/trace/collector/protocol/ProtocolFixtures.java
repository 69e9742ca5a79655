package dev.reflow.trace.collector.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Test resources: the shared Reflow fixtures, copied so the build stands alone. */
public final class ProtocolFixtures {
  public static final String COMPLETED = "fixtures/completed-flow.json";
  public static final String MINIMAL = "fixtures/minimal-flow.json";

  /** An event as Reflow's client sends it (an ActorCreated, [N] model, every optional null). */
  public static final String EVENT = "{\"event_id\":\"4df8c920-323d-4df8-8ea7-3dd64a6d71d9\","
      + "\"timestamp\":\"2026-03-14T09:26:53.590112004Z\",\"event_type\":\"ActorCreated\",\"actor_id\":\"reader\","
      + "\"data\":{\"port\":null,\"message\":null,\"state_diff\":null,\"error\":null,\"performance_metrics\":"
      + "{\"execution_time_ns\":null,\"memory_usage_bytes\":null,\"cpu_usage_percent\":null,\"queue_depth\":null,"
      + "\"throughput_msgs_per_sec\":null},\"custom_attributes\":{}},\"causality\":{\"parent_event_id\":null,"
      + "\"root_cause_event_id\":\"0b9f3c4e-1a2b-4c3d-8e9f-001122334455\",\"dependency_chain\":[],"
      + "\"span_id\":\"5f0c6a2e-7b1d-4e8f-9a3b-c4d5e6f70819\"}}";

  public static final String VERSION =
      "{\"major\":1,\"minor\":0,\"patch\":0,\"git_hash\":null,\"timestamp\":\"2026-06-01T10:00:00Z\"}";

  private ProtocolFixtures() {}

  public static String text(String name) {
    try (InputStream in = ProtocolFixtures.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
