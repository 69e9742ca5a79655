package dev.reflow.trace.collector.protocol;

import dev.reflow.trace.model.ExecutionStatus;
import dev.reflow.trace.model.FlowId;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.FlowVersion;
import dev.reflow.trace.model.TraceEvent;
import dev.reflow.trace.model.TraceId;
import dev.reflow.trace.storage.TraceQuery;
import java.util.Objects;
import java.util.UUID;

/**
 * A request of Reflow's tracing protocol (upstream's {@code TracingRequest}, plus the legacy
 * {@code StoreTrace} and {@code GetMetrics} of its {@code TraceMessage}), as read by
 * {@link RequestDecoder}.
 */
public sealed interface Request {

  /**
   * The variant name on the wire, e.g. {@code "RecordEvent"}: each struct variant's record is
   * named exactly as its variant (a test checks it against the decoder), unit variants say theirs.
   */
  default String variant() {
    return getClass().getSimpleName();
  }

  /** {@code {"StartTrace":{"trace_id":…,"flow_id":…,"version":{…}}}}; a missing trace id is a random one. */
  record StartTrace(TraceId traceId, FlowId flowId, FlowVersion version) implements Request {
    public StartTrace {
      Objects.requireNonNull(traceId, "traceId");
      Objects.requireNonNull(flowId, "flowId");
      Objects.requireNonNull(version, "version");
    }
  }

  /**
   * {@code {"RecordEvent":{"trace_id":…,"event":{…}}}}.
   *
   * @param eventJson the event's JSON as received (it reads back to {@code event}); kept so the
   *     collector holds and journals bytes rather than object graphs
   */
  record RecordEvent(TraceId traceId, TraceEvent event, byte[] eventJson) implements Request {
    public RecordEvent {
      Objects.requireNonNull(traceId, "traceId");
      Objects.requireNonNull(event, "event");
      Objects.requireNonNull(eventJson, "eventJson");
    }
  }

  /** {@code {"EndTrace":{"trace_id":…,"status":…}}}. */
  record EndTrace(TraceId traceId, ExecutionStatus status) implements Request {
    public EndTrace {
      Objects.requireNonNull(traceId, "traceId");
      Objects.requireNonNull(status, "status");
    }
  }

  /** {@code {"GetTrace":{"request_id":…,"trace_id":…}}}; a missing request id is a random one. */
  record GetTrace(UUID requestId, TraceId traceId) implements Request {
    public GetTrace {
      Objects.requireNonNull(requestId, "requestId");
      Objects.requireNonNull(traceId, "traceId");
    }
  }

  /** {@code {"QueryTraces":{"request_id":…,"query":{…}}}}. */
  record QueryTraces(UUID requestId, TraceQuery query) implements Request {
    public QueryTraces {
      Objects.requireNonNull(requestId, "requestId");
      Objects.requireNonNull(query, "query");
    }
  }

  /** {@code {"GetFlowVersions":{"flow_id":…}}}. */
  record GetFlowVersions(FlowId flowId) implements Request {
    public GetFlowVersions {
      Objects.requireNonNull(flowId, "flowId");
    }
  }

  /** {@code {"Subscribe":{"filters":{…}}}}. */
  record Subscribe(SubscriptionFilters filters) implements Request {
    public Subscribe {
      Objects.requireNonNull(filters, "filters");
    }
  }

  /** Legacy {@code {"StoreTrace":{"trace":{…}}}}: stores a whole trace. */
  record StoreTrace(FlowTrace trace) implements Request {
    public StoreTrace {
      Objects.requireNonNull(trace, "trace");
    }
  }

  /** {@code "Ping"}, {@code "Unsubscribe"} and the legacy {@code "GetMetrics"}: unit variants. */
  enum Unit implements Request {
    PING("Ping"),
    UNSUBSCRIBE("Unsubscribe"),
    GET_METRICS("GetMetrics");

    private final String wireName;

    Unit(String wireName) {
      this.wireName = wireName;
    }

    @Override
    public String variant() {
      return wireName;
    }
  }
}
