package dev.reflow.trace.storage.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.TraceStorage;
import dev.reflow.trace.storage.TraceStorages;
import dev.reflow.trace.storage.spi.TraceStorageProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The backend's provider is registered for ServiceLoader under its name and opens by configuration. */
public abstract class DiscoveryContract extends TckContract {
  protected DiscoveryContract(TraceStorageTck tck) {
    super(tck);
  }

  @Test
  @DisplayName("ServiceLoader finds exactly one provider with the backend's lowercase name")
  public void serviceLoader_providerName_isRegisteredOnce() {
    String name = tck().providerName();
    List<String> found = new ArrayList<>();
    int matching = 0;
    for (TraceStorageProvider p : ServiceLoader.load(TraceStorageProvider.class)) {
      found.add(p.name() + " (" + p.getClass().getName() + ")");
      if (p.name().equals(name)) {
        matching++;
      }
    }
    assertThat(matching).withFailMessage("Backend <%s>: expected exactly one TraceStorageProvider named \"%s\" in "
        + "META-INF/services/dev.reflow.trace.storage.spi.TraceStorageProvider, but found %d among %s",
        backend(), name, matching, found).isEqualTo(1);
    assertThat(name).as("provider names are lowercase").isEqualTo(name.toLowerCase(Locale.ROOT));
  }

  @Test
  @DisplayName("TraceStorages.open(storageConfig()) opens a working storage of this backend")
  public void open_storageConfig_opensWorkingStorageOfThisBackend() {
    StorageConfig config = tck().storageConfig();
    assertThat(config.backend()).as("Backend <%s>: storageConfig() must set storage.backend", backend()).isPresent();
    assertThat(TraceStorages.provider(config.backend().orElseThrow()).name())
        .as("Backend <%s>: the provider selected by storage.backend=%s", backend(), config.backend().orElseThrow())
        .isEqualTo(tck().providerName());
    FlowTrace trace = TestTraces.trace(424242).build();
    try (TraceStorage opened = TraceStorages.open(config)) {
      assertThat(opened.backendName()).as("Backend <%s>: backendName() of the storage opened by configuration", backend())
          .isEqualTo(tck().providerName());
      opened.store(trace);
      assertThat(opened.get(trace.traceId())).as("Backend <%s>: get after store on the storage opened by configuration",
          backend()).contains(trace);
      assertThat(opened.delete(trace.traceId())).isTrue();
    }
  }

  @Test
  @DisplayName("The storage under test reports the provider name as its backend name")
  public void backendName_ofStorageUnderTest_isProviderName() {
    assertThat(storage().backendName()).as("Backend <%s>: backendName()", backend()).isEqualTo(tck().providerName());
    assertThat(TraceStorages.provider(tck().providerName()).name()).isEqualTo(tck().providerName());
  }
}
