package com.example.trace.storage;

import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.TraceStorage;
import dev.reflow.trace.storage.spi.TraceStorageProvider;

/** Selected by {@code storage.backend=example}; registered in META-INF/services. */
public final class ExampleStorageProvider implements TraceStorageProvider {
  /** The provider name. */
  public static final String NAME = "example";

  public ExampleStorageProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Example of an outside backend: JSON in a map, lost on exit";
  }

  @Override
  public String artifact() {
    return "com.example.reflow:trace-storage-example";
  }

  @Override
  public TraceStorage create(StorageConfig config) {
    return new ExampleStorage();
  }
}
