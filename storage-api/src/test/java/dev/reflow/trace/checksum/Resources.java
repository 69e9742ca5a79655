package dev.reflow.trace.checksum;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Test resources by class-path name. */
final class Resources {
  private Resources() {}

  static InputStream open(String name) {
    InputStream in = Resources.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw new IllegalStateException("missing test resource " + name);
    }
    return in;
  }

  static byte[] bytes(String name) {
    try (InputStream in = open(name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
