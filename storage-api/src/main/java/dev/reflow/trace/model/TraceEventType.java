package dev.reflow.trace.model;

import java.util.Objects;

/**
 * Reflow's {@code TraceEventType} enum. The unit variants are {@link Simple} constants; the one
 * struct variant is {@link DataFlow}, where the sending side is the event's {@code actor_id} and
 * {@code data.port}.
 */
public sealed interface TraceEventType permits TraceEventType.Simple, TraceEventType.DataFlow {

  /** The variant name as Reflow writes it, e.g. {@code "ActorCreated"} or {@code "DataFlow"}. */
  String variantName();

  static DataFlow dataFlow(String toActor, String toPort) {
    return new DataFlow(toActor, toPort);
  }

  /** The unit variants, in Reflow's declaration order. */
  enum Simple implements TraceEventType {
    ACTOR_CREATED("ActorCreated"),
    ACTOR_STARTED("ActorStarted"),
    ACTOR_COMPLETED("ActorCompleted"),
    ACTOR_FAILED("ActorFailed"),
    MESSAGE_SENT("MessageSent"),
    MESSAGE_RECEIVED("MessageReceived"),
    STATE_CHANGED("StateChanged"),
    PORT_CONNECTED("PortConnected"),
    PORT_DISCONNECTED("PortDisconnected"),
    NETWORK_EVENT("NetworkEvent");

    private final String variantName;

    Simple(String variantName) {
      this.variantName = variantName;
    }

    @Override
    public String variantName() {
      return variantName;
    }

    /** The unit variant with this exact (case-sensitive) Reflow name, or null. */
    public static Simple byVariantName(String name) {
      for (Simple s : values()) {
        if (s.variantName.equals(name)) {
          return s;
        }
      }
      return null;
    }
  }

  /** {@code {"DataFlow":{"to_actor":…,"to_port":…}}}. */
  record DataFlow(String toActor, String toPort) implements TraceEventType {
    public DataFlow {
      Objects.requireNonNull(toActor, "to_actor");
      Objects.requireNonNull(toPort, "to_port");
    }

    @Override
    public String variantName() {
      return "DataFlow";
    }
  }
}
