package dev.reflow.trace.model;

import java.util.Objects;

/**
 * Reflow's {@code ExecutionStatus} enum: {@code "Pending"}, {@code "Running"}, {@code "Completed"},
 * {@code {"Failed":{"error":"…"}}}, {@code "Cancelled"}. Queries match on {@link #kind()}.
 */
public sealed interface ExecutionStatus
    permits ExecutionStatus.Pending,
        ExecutionStatus.Running,
        ExecutionStatus.Completed,
        ExecutionStatus.Failed,
        ExecutionStatus.Cancelled {

  ExecutionStatus PENDING = new Pending();
  ExecutionStatus RUNNING = new Running();
  ExecutionStatus COMPLETED = new Completed();
  ExecutionStatus CANCELLED = new Cancelled();

  static ExecutionStatus failed(String error) {
    return new Failed(error);
  }

  /** The variant without its payload; what status filters and status columns hold. */
  Kind kind();

  /** The variant name as Reflow writes it ({@code "Failed"} for any failure). */
  default String variantName() {
    return kind().variantName();
  }

  record Pending() implements ExecutionStatus {
    @Override
    public Kind kind() {
      return Kind.PENDING;
    }
  }

  record Running() implements ExecutionStatus {
    @Override
    public Kind kind() {
      return Kind.RUNNING;
    }
  }

  record Completed() implements ExecutionStatus {
    @Override
    public Kind kind() {
      return Kind.COMPLETED;
    }
  }

  record Failed(String error) implements ExecutionStatus {
    public Failed {
      Objects.requireNonNull(error, "error");
    }

    @Override
    public Kind kind() {
      return Kind.FAILED;
    }
  }

  record Cancelled() implements ExecutionStatus {
    @Override
    public Kind kind() {
      return Kind.CANCELLED;
    }
  }

  /** Status kinds in Reflow's declaration order. */
  enum Kind {
    PENDING("Pending"),
    RUNNING("Running"),
    COMPLETED("Completed"),
    FAILED("Failed"),
    CANCELLED("Cancelled");

    private final String variantName;

    Kind(String variantName) {
      this.variantName = variantName;
    }

    /** Reflow's variant name, e.g. {@code "Completed"}; also the value of status columns. */
    public String variantName() {
      return variantName;
    }

    /**
     * Looks a kind up by Reflow's variant name (case-sensitive, as serde is) or by this enum's
     * constant name.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static Kind fromName(String name) {
      for (Kind k : values()) {
        if (k.variantName.equals(name) || k.name().equals(name)) {
          return k;
        }
      }
      throw new IllegalArgumentException("unknown execution status \"" + name
          + "\"; expected one of Pending, Running, Completed, Failed, Cancelled");
    }
  }
}
