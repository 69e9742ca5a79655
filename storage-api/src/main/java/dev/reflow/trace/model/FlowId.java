package dev.reflow.trace.model;

import java.util.Objects;

/** Reflow's {@code FlowId(String)} newtype: the flow's name, written as a bare string. */
public record FlowId(String value) {
  public FlowId {
    Objects.requireNonNull(value, "flow id");
  }

  public static FlowId of(String value) {
    return new FlowId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
