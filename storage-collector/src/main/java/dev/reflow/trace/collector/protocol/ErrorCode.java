package dev.reflow.trace.collector.protocol;

/** Reflow's {@code ErrorCode}, written as its bare variant name. */
public enum ErrorCode {
  NotFound,
  InvalidRequest,
  StorageError,
  SerializationError,
  Unauthorized,
  InternalError
}
