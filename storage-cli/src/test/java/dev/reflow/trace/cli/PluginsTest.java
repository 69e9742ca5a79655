package dev.reflow.trace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backends from jars outside the command line: {@code REFLOW_TRACE_CLASSPATH} and the plugins
 * directory. The plugin is example-backend's jar, built before this module and kept off the test
 * class path, so it loads only the way a user's backend jar would.
 */
class PluginsTest {
  static Path exampleJar;

  @TempDir Path dir;

  @BeforeAll
  static void findExampleJar() {
    exampleJar = Path.of(System.getProperty("example.backend.jar", "../example-backend/target/trace-storage-example-1.0.0-SNAPSHOT.jar"))
        .toAbsolutePath().normalize();
    assertThat(exampleJar).as("example-backend's jar, built before storage-cli").isRegularFile();
  }

  private Cli cli(Map<String, String> environment) {
    Cli cli = Cli.real();
    cli.environment = environment;
    cli.systemProperties = Map.of("user.home", dir.resolve("home").toString());
    return cli;
  }

  @Test
  @DisplayName("without plugins the backend is unknown; with its jar on REFLOW_TRACE_CLASSPATH backends lists it and demo runs on it")
  void classpathVariable_backendListedAndUsable() {
    Cli.Result unknown = cli(Map.of()).run("-D", "storage.backend=example", "stats");
    assertThat(unknown.status()).as(unknown.toString()).isEqualTo(2);
    assertThat(unknown.err()).startsWith("reflow-trace stats: Unrecognized value for storage.backend: \"example\"");

    Cli cli = cli(Map.of(Plugins.CLASSPATH_VARIABLE, exampleJar.toString()));
    Cli.Result backends = cli.run("-D", "storage.backend=example", "backends");
    assertThat(backends.status()).as(backends.toString()).isZero();
    assertThat(backends.out())
        .containsPattern("(?m)^example \\*\\s+com\\.example\\.reflow:trace-storage-example\\s+"
            + java.util.regex.Pattern.quote(String.valueOf(exampleJar.getFileName())) + "\\s")
        .containsPattern("(?m)^sqlite\\s+dev\\.reflow\\.trace:storage-sqlite\\s+built in\\s")
        .contains("plugin jars: 1 (REFLOW_TRACE_CLASSPATH=" + exampleJar + ", storage.plugins_dir=" + dir.resolve("home")
            .resolve(".reflow-trace").resolve("plugins") + ")\n  REFLOW_TRACE_CLASSPATH  " + exampleJar + "\n");

    Cli.Result demo = cli.run("-D", "storage.backend=example", "demo", "--traces", "30");
    assertThat(demo.status()).as(demo.toString()).isZero();
    assertThat(demo.out()).startsWith("stored 30 demo traces (").contains("into example").contains("30 traces, ");
  }

  @Test
  @DisplayName("a directory in REFLOW_TRACE_CLASSPATH means every jar in it, next to other entries")
  void classpathDirectory_everyJarInIt() throws IOException {
    Path jars = Files.createDirectories(dir.resolve("jars"));
    Files.copy(exampleJar, jars.resolve("example.jar"));
    Path other = jar(dir.resolve("empty.jar"), Map.of("README.txt", "no provider here"));
    Cli.Result r = cli(Map.of(Plugins.CLASSPATH_VARIABLE, jars + File.pathSeparator + other)).run("backends");
    assertThat(r.status()).as(r.toString()).isZero();
    assertThat(r.out()).containsPattern("(?m)^example\\s+com\\.example\\.reflow:trace-storage-example\\s+example\\.jar\\s")
        .contains("plugin jars: 2 (").contains("\n  REFLOW_TRACE_CLASSPATH  " + jars.resolve("example.jar") + "\n")
        .contains("\n  REFLOW_TRACE_CLASSPATH  " + other + "\n");
  }

  @Test
  @DisplayName("a jar in the plugins directory (~/.reflow-trace/plugins, or storage.plugins_dir) is loaded")
  void pluginsDirectory_defaultAndConfigured() throws IOException {
    Path home = Files.createDirectories(dir.resolve("home/.reflow-trace/plugins"));
    Files.copy(exampleJar, home.resolve("example.jar"));
    Cli.Result byDefault = cli(Map.of()).run("-D", "storage.backend=example", "demo", "--traces", "5");
    assertThat(byDefault.status()).as(byDefault.toString()).isZero();
    assertThat(byDefault.out()).contains("into example");

    Path configured = Files.createDirectories(dir.resolve("plugins"));
    Files.copy(exampleJar, configured.resolve("example.jar"));
    Cli.Result viaEnvironment = cli(Map.of("STORAGE_PLUGINS_DIR", configured.toString())).run("backends");
    assertThat(viaEnvironment.out()).contains("\n  storage.plugins_dir  " + configured.resolve("example.jar") + "\n")
        .doesNotContain(home.toString());
  }

  @Test
  @DisplayName("a damaged jar, a missing entry, a missing plugins directory and an unloadable provider: one line naming the jar")
  void badPlugins_oneLineNamingTheJar() throws IOException {
    Path broken = Files.writeString(dir.resolve("broken.jar"), "not a zip file");
    assertOneLine(cli(Map.of(Plugins.CLASSPATH_VARIABLE, broken.toString())).run("backends"),
        "reflow-trace backends: Plugin jar " + broken + " (from REFLOW_TRACE_CLASSPATH) cannot be read as a jar: ");

    Path missing = dir.resolve("nowhere.jar");
    assertOneLine(cli(Map.of(Plugins.CLASSPATH_VARIABLE, missing.toString())).run("stats"),
        "reflow-trace stats: Plugin jar " + missing + " (from REFLOW_TRACE_CLASSPATH) does not exist.");

    Path noDir = dir.resolve("no-such-dir");
    assertOneLine(cli(Map.of()).run("-D", "storage.plugins_dir=" + noDir, "stats"),
        "reflow-trace stats: storage.plugins_dir is " + noDir + ", which is not a directory.");

    Path dangling = jar(dir.resolve("dangling.jar"),
        Map.of("META-INF/services/dev.reflow.trace.storage.spi.TraceStorageProvider", "com.example.NoSuchProvider\n"));
    assertOneLine(cli(Map.of(Plugins.CLASSPATH_VARIABLE, dangling.toString())).run("backends"),
        "reflow-trace backends: Plugin jar " + dangling + " (from REFLOW_TRACE_CLASSPATH) registers the trace storage "
            + "provider com.example.NoSuchProvider, which cannot be loaded: java.lang.ClassNotFoundException");
  }

  private static void assertOneLine(Cli.Result r, String prefix) {
    assertThat(r.status()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).as(r.toString()).startsWith(prefix);
    assertThat(r.err().lines()).as(r.toString()).hasSize(1);
  }

  private static Path jar(Path file, Map<String, String> entries) throws IOException {
    try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out)) {
      for (Map.Entry<String, String> e : entries.entrySet()) {
        jar.putNextEntry(new JarEntry(e.getKey()));
        jar.write(e.getValue().getBytes(StandardCharsets.UTF_8));
        jar.closeEntry();
      }
    }
    return file;
  }
}
