package com.example.trace.storage;

import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.TraceStorage;
import dev.reflow.trace.storage.TraceStorages;
import dev.reflow.trace.storage.tck.TraceStorageTck;
import java.util.Map;

/** The whole TCK, through the public SPI only, as a backend outside this repository runs it. */
class ExampleStorageTest extends TraceStorageTck {
  @Override
  protected TraceStorage createStorage() {
    return TraceStorages.open(storageConfig());
  }

  @Override
  protected String providerName() {
    return ExampleStorageProvider.NAME;
  }

  @Override
  protected StorageConfig storageConfig() {
    return StorageConfig.fromMap(Map.of("storage.backend", ExampleStorageProvider.NAME));
  }
}
