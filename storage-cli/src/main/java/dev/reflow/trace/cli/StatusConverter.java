package dev.reflow.trace.cli;

import dev.reflow.trace.model.ExecutionStatus;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A status kind by Reflow's variant name, in any case: {@code failed}, {@code Completed}. */
final class StatusConverter implements ITypeConverter<ExecutionStatus.Kind> {
  @Override
  public ExecutionStatus.Kind convert(String value) {
    for (ExecutionStatus.Kind k : ExecutionStatus.Kind.values()) {
      if (k.variantName().equalsIgnoreCase(value.trim())) {
        return k;
      }
    }
    throw new TypeConversionException("unknown status \"" + value
        + "\"; expected one of Pending, Running, Completed, Failed, Cancelled");
  }

  /** For help text. */
  static final class Names implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return java.util.Arrays.stream(ExecutionStatus.Kind.values())
          .map(k -> k.variantName().toLowerCase(Locale.ROOT)).iterator();
    }
  }
}
