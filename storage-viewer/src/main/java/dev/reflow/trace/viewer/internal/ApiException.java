package dev.reflow.trace.viewer.internal;

/**
 * A request the API refuses, with the HTTP status and the typed error it answers
 * ({@code {"error":{"code":…,"message":…,"parameter":…}}}). Messages never hold a credential and
 * never a stack trace.
 */
final class ApiException extends RuntimeException {
  private final int status;
  private final String code;
  private final String parameter;

  ApiException(int status, String code, String message, String parameter) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.parameter = parameter;
  }

  static ApiException badParameter(String parameter, String message) {
    return new ApiException(400, "invalid_parameter", message, parameter);
  }

  static ApiException notFound(String message) {
    return new ApiException(404, "not_found", message, null);
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }

  /** The offending query parameter, or null. */
  String parameter() {
    return parameter;
  }
}
