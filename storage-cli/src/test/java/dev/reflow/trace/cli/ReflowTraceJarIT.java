package dev.reflow.trace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shaded jar as users run it: {@code java -jar reflow-trace.jar}. */
class ReflowTraceJarIT {
  private static Path jar;

  @TempDir
  Path dir;

  @BeforeAll
  static void findJar() {
    jar = Path.of(System.getProperty("reflow.trace.jar", "target/reflow-trace.jar"));
    assertThat(jar).as("the shaded jar is built in the package phase, before integration tests").isRegularFile();
  }

  @Test
  @DisplayName("the jar's merged service files list every backend module's provider")
  void backends_allProvidersMerged() throws Exception {
    JavaProcess.Result r = JavaProcess.jar(jar, dir, "backends");
    assertThat(r.status()).as(r.toString()).isZero();
    assertThat(r.stdout()).contains("dev.reflow.trace:storage-sqlite");
    for (String module : JavaProcess.registeredBackends()) {
      assertThat(r.stdout()).as("provider of %s in the shaded jar", module).contains("dev.reflow.trace:" + module);
    }
  }

  @Test
  @DisplayName("java -jar loads a third-party backend from REFLOW_TRACE_CLASSPATH: backends lists it, demo runs on it")
  void pluginJar_listedAndUsable() throws Exception {
    Path example = Path.of(System.getProperty("example.backend.jar")).toAbsolutePath().normalize();
    java.util.Map<String, String> env = java.util.Map.of(Plugins.CLASSPATH_VARIABLE, example.toString());
    JavaProcess.Result backends = JavaProcess.jar(jar, dir, env, "backends");
    assertThat(backends.status()).as(backends.toString()).isZero();
    assertThat(backends.stdout()).containsPattern("(?m)^example\\s+com\\.example\\.reflow:trace-storage-example\\s+"
        + java.util.regex.Pattern.quote(String.valueOf(example.getFileName())) + "\\s")
        .contains("\n  REFLOW_TRACE_CLASSPATH  " + example + "\n");
    JavaProcess.Result demo = JavaProcess.jar(jar, dir, env, "-D", "storage.backend=example", "demo", "--traces", "20");
    assertThat(demo.status()).as(demo.toString()).isZero();
    assertThat(demo.stdout()).startsWith("stored 20 demo traces (").contains("into example");
    assertThat(demo.stderr()).doesNotContain("WARNING");
  }

  @Test
  @DisplayName("import of the shared fixtures then get returns identical bytes, on SQLite, with no configuration")
  void importThenGet_identicalBytes() throws Exception {
    for (String name : new String[] {"completed-flow.json", "minimal-flow.json"}) {
      Path fixture = dir.resolve(name);
      Files.copy(ReflowTraceJarIT.class.getResourceAsStream("/fixtures/" + name), fixture);
      JavaProcess.Result imported = JavaProcess.jar(jar, dir, "import", name);
      assertThat(imported.status()).as(imported.toString()).isZero();
      // SQLite loads its native library here; on JDK 22+ only the manifest's Enable-Native-Access
      // keeps the JVM from printing its restricted-method warning before our output.
      assertThat(imported.stderr()).as("java -jar runs with no JVM warning on JDK %s", Runtime.version().feature())
          .doesNotContain("WARNING");
      String id = Fixtures.traceId(Files.readString(fixture));
      JavaProcess.Result got = JavaProcess.jar(jar, dir, "get", id);
      assertThat(got.status()).as(got.toString()).isZero();
      assertThat(got.stdoutBytes()).as("get %s", id).isEqualTo(Files.readAllBytes(fixture));
    }
    assertThat(dir.resolve("reflow-traces.db")).as("the default database in the working directory").isRegularFile();
  }

  @Test
  @DisplayName("the ./reflow-trace launcher runs the jar with every argument and passes its exit status on")
  void launcher_passesArgumentsAndStatus() throws Exception {
    Path launcher = jar.toAbsolutePath().getParent().getParent().getParent().resolve("reflow-trace");
    assertThat(launcher).as("launcher at the repository root").isRegularFile();
    JavaProcess.Result version = JavaProcess.command(dir, launcher, "--version");
    assertThat(version.status()).as(version.toString()).isZero();
    assertThat(version.stdout()).startsWith("reflow-trace ");
    JavaProcess.Result usage = JavaProcess.command(dir, launcher, "get", "not a uuid");
    assertThat(usage.status()).as(usage.toString()).isEqualTo(2);
    assertThat(usage.stderr()).contains("got \"not a uuid\"").doesNotContain("WARNING");
  }
}
