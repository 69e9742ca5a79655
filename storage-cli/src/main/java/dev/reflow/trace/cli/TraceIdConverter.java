package dev.reflow.trace.cli;

import dev.reflow.trace.model.TraceId;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A trace id argument; a malformed one is a usage error (exit status 2). */
final class TraceIdConverter implements ITypeConverter<TraceId> {
  @Override
  public TraceId convert(String value) {
    try {
      return TraceId.parse(value.trim());
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
