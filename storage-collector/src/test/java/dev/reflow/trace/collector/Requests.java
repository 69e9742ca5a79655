package dev.reflow.trace.collector;

import java.util.UUID;

/** Request JSON as Reflow's client writes it. */
final class Requests {
  static final String VERSION =
      "{\"major\":1,\"minor\":0,\"patch\":0,\"git_hash\":null,\"timestamp\":\"2026-06-01T10:00:00Z\"}";

  private Requests() {}

  static String start(String traceId, String flowId) {
    return "{\"StartTrace\":{\"trace_id\":\"" + traceId + "\",\"flow_id\":\"" + flowId + "\",\"version\":" + VERSION + "}}";
  }

  static String event(String actor, String type) {
    return event(actor, type, "");
  }

  /** An event whose custom_attributes hold {@code pad} (to make big events). */
  static String event(String actor, String type, String pad) {
    return "{\"event_id\":\"" + UUID.randomUUID() + "\",\"timestamp\":\"2026-06-01T10:00:01.5Z\",\"event_type\":" + type
        + ",\"actor_id\":\"" + actor + "\",\"data\":{\"port\":null,\"message\":null,\"state_diff\":null,\"error\":null,"
        + "\"performance_metrics\":{\"execution_time_ns\":null,\"memory_usage_bytes\":null,\"cpu_usage_percent\":null,"
        + "\"queue_depth\":null,\"throughput_msgs_per_sec\":null},\"custom_attributes\":" + (pad.isEmpty() ? "{}" : "{\"pad\":\"" + pad + "\"}") + "},\"causality\":"
        + "{\"parent_event_id\":null,\"root_cause_event_id\":\"" + UUID.randomUUID() + "\",\"dependency_chain\":[],"
        + "\"span_id\":\"" + UUID.randomUUID() + "\"}}";
  }

  static String record(String traceId, String actor) {
    return record(traceId, actor, "\"ActorStarted\"");
  }

  static String record(String traceId, String actor, String type) {
    return "{\"RecordEvent\":{\"trace_id\":\"" + traceId + "\",\"event\":" + event(actor, type) + "}}";
  }

  static String recordPadded(String traceId, String actor, String pad) {
    return "{\"RecordEvent\":{\"trace_id\":\"" + traceId + "\",\"event\":" + event(actor, "\"ActorStarted\"", pad) + "}}";
  }

  static String end(String traceId, String status) {
    return "{\"EndTrace\":{\"trace_id\":\"" + traceId + "\",\"status\":" + status + "}}";
  }

  static String get(String traceId) {
    return "{\"GetTrace\":{\"request_id\":\"" + UUID.randomUUID() + "\",\"trace_id\":\"" + traceId + "\"}}";
  }

  static String query(String queryJson) {
    return "{\"QueryTraces\":{\"request_id\":\"" + UUID.randomUUID() + "\",\"query\":" + queryJson + "}}";
  }

  static final String OK = "{\"EventRecorded\":{\"success\":true,\"error\":null}}";
}
