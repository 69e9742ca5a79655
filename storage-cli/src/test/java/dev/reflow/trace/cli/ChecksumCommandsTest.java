package dev.reflow.trace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflow.trace.json.TraceJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code checksum} and {@code verify}, in-process on the memory backend. */
class ChecksumCommandsTest {
  private static final String INTEGER_CHECKSUM =
      "sha256:701118c216e53ab69c1602dd6a7ce0c804dd62320240d61fe9f49cbdad65e6f4";
  private static final String CAPTURED_EVENT = "50dd2028-1b6a-4bd9-a9bd-86aebfa0cb21";

  private KeptMemoryStorage storage;
  private Cli cli;

  @TempDir
  Path dir;

  @BeforeEach
  void setUp() {
    storage = new KeptMemoryStorage();
    cli = storage.cli();
  }

  @Test
  @DisplayName("checksum FILE prints Reflow's canonical form, then the checksum Reflow stored for it")
  void checksum_file_printsCanonicalFormAndChecksum() throws Exception {
    Path f = dir.resolve("message.json");
    Files.writeString(f, "{\n  \"type\": \"Integer\",\n  \"data\": 42\n}\n");

    Cli.Result r = cli.run("checksum", f.toString());

    assertThat(r.status()).as(r.toString()).isZero();
    assertThat(r.out()).isEqualTo("{\"data\":42,\"type\":\"Integer\"}\n" + INTEGER_CHECKSUM + "\n");
    assertThat(r.err()).isEmpty();
    assertThat(cli.opened).as("checksum needs no storage").isEmpty();
  }

  @Test
  @DisplayName("checksum --jcs - reads stdin and uses RFC 8785 (floats and key order differ from Reflow's form)")
  void checksum_jcsFromStdin_printsRfc8785Form() {
    byte[] json = "{\"b\":1E30,\"a\":4.50,\"\uD83D\uDE02\":1,\"\uFB33\":2}".getBytes(StandardCharsets.UTF_8);

    Cli.Result jcs = cli.stdin(json).run("checksum", "--jcs", "-");
    Cli.Result reflow = storage.cli().stdin(json).run("checksum", "-");

    assertThat(jcs.status()).as(jcs.toString()).isZero();
    String jcsForm = "{\"a\":4.5,\"b\":1e+30,\"\uD83D\uDE02\":1,\"\uFB33\":2}";
    assertThat(jcs.out().lines()).containsExactly(jcsForm,
        dev.reflow.trace.checksum.CanonicalForm.digest(jcsForm.getBytes(StandardCharsets.UTF_8)));
    assertThat(reflow.out().lines().findFirst()).contains("{\"a\":4.5,\"b\":1e30,\"\uFB33\":2,\"\uD83D\uDE02\":1}");
  }

  @Test
  @DisplayName("checksum of invalid JSON names the file, line and column and exits 2")
  void checksum_invalidJson_exits2() throws Exception {
    Path f = dir.resolve("bad.json");
    Files.writeString(f, "{\"a\":\n tru}");

    Cli.Result r = cli.run("checksum", f.toString());

    assertThat(r.status()).as(r.toString()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).startsWith("reflow-trace checksum: " + f + ":2:").hasLineCount(1);
  }

  @Test
  @DisplayName("checksum of trailing garbage on stdin or a missing file exits 2")
  void checksum_trailingGarbageOrMissingFile_exits2() {
    Cli.Result garbage = cli.stdin("{} x".getBytes(StandardCharsets.UTF_8)).run("checksum", "-");
    Cli.Result missing = storage.cli().run("checksum", dir.resolve("nope.json").toString());

    assertThat(garbage.status()).as(garbage.toString()).isEqualTo(2);
    assertThat(garbage.err()).startsWith("reflow-trace checksum: <stdin>:1:");
    assertThat(missing.status()).as(missing.toString()).isEqualTo(2);
    assertThat(missing.err()).contains("nope.json: no such file");
  }

  @Test
  @DisplayName("verify of the stored fixture prints an OK report and exits 0")
  void verify_storedFixture_exits0() {
    String json = new String(Fixtures.bytes(Fixtures.COMPLETED), StandardCharsets.UTF_8);
    storage.store(TraceJson.read(json));
    String id = Fixtures.traceId(json);

    Cli.Result r = cli.run("verify", id);

    assertThat(r.status()).as(r.toString()).isZero();
    assertThat(r.out()).isEqualTo("Trace " + id + ": OK: 1 captured snapshot checked: 1 OK; "
        + "1 snapshot without captured content" + System.lineSeparator());
    assertThat(storage.closed).isTrue();
  }

  @Test
  @DisplayName("verify of a trace whose captured content was altered reports the mismatch and exits 1")
  void verify_tamperedContent_exits1() {
    String json = new String(Fixtures.bytes(Fixtures.COMPLETED), StandardCharsets.UTF_8);
    String tampered = json.replace("[123,34,100,97,116,97,34,58,52,50,", "[123,34,100,97,116,97,34,58,52,51,");
    assertThat(tampered).isNotEqualTo(json);
    storage.store(TraceJson.read(tampered));

    Cli.Result r = cli.run("verify", Fixtures.traceId(json));

    assertThat(r.status()).as(r.toString()).isEqualTo(1);
    assertThat(r.out()).contains(": INVALID: ")
        .contains("MISMATCH event " + CAPTURED_EVENT + " (#2, Integer): expected " + INTEGER_CHECKSUM + ", actual sha256:");
  }

  @Test
  @DisplayName("every synthetic demo trace verifies: the demo's captured snapshots are Reflow-canonical")
  void verify_syntheticTraces_allValid() {
    java.util.List<dev.reflow.trace.model.FlowTrace> traces = new dev.reflow.trace.cli.demo.SyntheticTraces(
        11, Cli.NOW, java.time.Duration.ofDays(1)).next(30);
    int checked = 0;
    for (dev.reflow.trace.model.FlowTrace t : traces) {
      dev.reflow.trace.checksum.IntegrityReport report = dev.reflow.trace.checksum.TraceIntegrity.verify(t);
      assertThat(report.isFullyVerified()).as(report.summary()).isTrue();
      checked += report.checks().size();
    }
    org.junit.jupiter.api.Assumptions.assumeTrue(checked > 0, "the demo generator captured no content in 30 traces");
  }

  @Test
  @DisplayName("verify of an unknown id exits 1; of a malformed id exits 2")
  void verify_unknownOrMalformedId() {
    Cli.Result unknown = cli.run("verify", "00000000-0000-4000-8000-000000000000");
    Cli.Result malformed = storage.cli().run("verify", "nope");

    assertThat(unknown.status()).as(unknown.toString()).isEqualTo(1);
    assertThat(unknown.err()).isEqualTo("reflow-trace verify: no trace 00000000-0000-4000-8000-000000000000 in kept-memory\n");
    assertThat(malformed.status()).as(malformed.toString()).isEqualTo(2);
  }
}
