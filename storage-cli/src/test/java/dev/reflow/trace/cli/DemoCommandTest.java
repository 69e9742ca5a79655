package dev.reflow.trace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflow.trace.cli.demo.SyntheticTraces;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DemoCommandTest {
  @Test
  @DisplayName("demo stores N seeded traces in batches and shows example queries with timings")
  void demo_storesAndQueries() {
    KeptMemoryStorage storage = new KeptMemoryStorage();
    Cli.Result r = storage.cli().run("demo", "--traces", "1200");
    assertThat(r.status()).as(r.toString()).isZero();
    assertThat(storage.storeAllSizes).containsExactly(500, 500, 200);
    assertThat(storage.traces().values())
        .containsExactlyInAnyOrderElementsOf(new SyntheticTraces(42, Cli.NOW, Duration.ofDays(7)).next(1200));
    assertThat(r.out()).startsWith("stored 1,200 demo traces (")
        .contains("$ reflow-trace query --flow order_ingest_pipeline --limit 5\nTRACE ID")
        .contains("$ reflow-trace query --status failed --since 24h --limit 5\n")
        .contains("$ reflow-trace get ")
        .contains("$ reflow-trace stats\n  1,200 traces, ")
        .containsPattern("\\(5 traces in \\d+\\.\\d ms; first run \\d+\\.\\d ms\\)");
    assertThat(storage.queries).hasSize(6);
  }

  @Test
  @DisplayName("running demo twice with the same seed replaces its traces instead of adding more")
  void demo_rerunReplaces() {
    KeptMemoryStorage storage = new KeptMemoryStorage();
    Cli cli = storage.cli();
    cli.run("demo", "--traces", "50");
    cli.run("demo", "--traces", "50");
    assertThat(storage.traces()).hasSize(50);
    cli.run("demo", "--traces", "50", "--seed", "9");
    assertThat(storage.traces()).hasSize(100);
    assertThat(cli.run("demo", "--traces", "0").status()).isEqualTo(2);
  }
}
