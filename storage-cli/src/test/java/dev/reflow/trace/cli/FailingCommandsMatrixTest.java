package dev.reflow.trace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every output of failing commands, run as real processes, holds no password: bad URL forms, an
 * unreachable port, an unknown role and database on a real PostgreSQL, bad options, with and
 * without {@code --verbose}, at debug level, on every backend. Each also fails in one line
 * (without {@code --verbose} and debug logging) and quickly.
 */
class FailingCommandsMatrixTest {
  /** The password of every case; also written percent-encoded where a URL needs that. */
  private static final String PW = "Matrix5ecretPW";
  private static final List<String> DEBUG = List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=debug");

  private static EmbeddedPostgres postgres;
  private static int closedPort;

  @TempDir
  static Path dir;

  @BeforeAll
  static void start() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (postgres != null) {
      postgres.close();
    }
  }

  /** One command of the matrix: JVM options, arguments, whether its stderr must be one line. */
  private record Case(String name, List<String> jvm, List<String> args, boolean oneLine) {}

  private static Case quiet(String name, String... args) {
    return new Case(name, List.of(), List.of(args), true);
  }

  private static Case verbose(String name, String... args) {
    List<String> a = new ArrayList<>(List.of("--verbose"));
    a.addAll(List.of(args));
    return new Case(name + " --verbose", List.of(), a, false);
  }

  private static Case debug(String name, String... args) {
    return new Case(name + " (debug log)", DEBUG, List.of(args), false);
  }

  private static String[] backend(String backend, String url, String... more) {
    List<String> a = new ArrayList<>(List.of("-D", "storage.backend=" + backend,
        "-D", "storage." + backend + ".connection_url=" + url));
    if (!backend.equals("mongodb")) {
      a.addAll(List.of("-D", "storage." + backend + ".acquire_timeout_secs=1"));
    } else {
      a.addAll(List.of("-D", "storage.mongodb.connect_timeout=1s"));
    }
    a.addAll(List.of(more));
    return a.toArray(String[]::new);
  }

  private static List<Case> cases() throws Exception {
    int port = postgres.getPort();
    Path atFile = dir.resolve("args");
    Files.writeString(atFile, "storage.postgres.password=" + PW + "\n");
    List<Case> cases = new ArrayList<>();
    for (String b : List.of("postgres", "timescale")) {
      String[][] urls = {
          {"unreachable port", "postgresql://app:" + PW + "@127.0.0.1:" + closedPort + "/db"},
          {"jdbc form, unreachable", "jdbc:postgresql://127.0.0.1:" + closedPort + "/db?user=app&password=" + PW},
          {"unescaped /", "postgresql://app:" + PW + "/x@127.0.0.1:" + closedPort + "/db"},
          {"unescaped ?", "postgresql://app:" + PW + "?x@127.0.0.1:" + closedPort + "/db"},
          {"password in user (;)", "jdbc:postgresql://127.0.0.1:" + closedPort + "/db?user=app;password=" + PW},
          {"space in password", "postgresql://app:pass " + PW + "@127.0.0.1:" + closedPort + "/db"},
          {"port out of range", "postgresql://app:" + PW + "@127.0.0.1:99999/db"},
          {"unknown role", "postgresql://no_such_role:" + PW + "@127.0.0.1:" + port + "/postgres"},
          {"unknown database", "postgresql://postgres:" + PW + "@127.0.0.1:" + port + "/no_such_db"},
      };
      for (String[] u : urls) {
        cases.add(quiet(b + " " + u[0], backend(b, u[1], "stats")));
        cases.add(verbose(b + " " + u[0], backend(b, u[1], "stats")));
      }
      cases.add(debug(b + " unknown database", backend(b, urls[8][1], "stats")));
      cases.add(debug(b + " unescaped /", backend(b, urls[2][1], "stats")));
    }
    String mongo = "mongodb://app:" + PW + "@127.0.0.1:" + closedPort + "/db?replicaSet=rs0";
    cases.add(quiet("mongodb replicaSet, unreachable", backend("mongodb", mongo, "stats")));
    cases.add(verbose("mongodb replicaSet, unreachable", backend("mongodb", mongo, "stats")));
    cases.add(debug("mongodb replicaSet, unreachable", backend("mongodb", mongo, "stats")));
    cases.add(quiet("sqlite, bad option", "-D", "storage.postgres.password=" + PW, "stats", "--bogus"));
    cases.add(quiet("quote in -D value", "-D", "storage.postgres.password=\"" + PW + "\"x", "-D",
        "storage.backend=nosuch", "stats"));
    cases.add(verbose("memory, @file argument", "-D", "storage.backend=memory", "get", "@" + atFile));
    cases.add(quiet("missing -D value form", "-D", "storage.postgres.password=" + PW, "-D", "x", "stats"));
    return cases;
  }

  /** Each case's stdout and stderr and exit status, from one JVM per logging setup. */
  private static List<String[]> runGroup(List<Case> group, List<String> jvm, String name) throws Exception {
    Path commands = dir.resolve(name + ".commands");
    Files.write(commands, group.stream().map(c -> String.join("\t", c.args())).toList());
    JavaProcess.Result r = JavaProcess.main(ManyCommandsMain.class, jvm, dir, null, commands.toString());
    List<String[]> outputs = new ArrayList<>();
    for (int i = 0; i < group.size(); i++) {
      outputs.add(new String[] {section(r.stdout(), i), section(r.stderr(), i), r.toString()});
    }
    return outputs;
  }

  /** The text between {@code ### i} and {@code ### i exit S}, and that line's status. */
  private static String section(String text, int i) {
    String start = ManyCommandsMain.MARK + i + "\n";
    int from = text.indexOf(start);
    int to = text.indexOf(ManyCommandsMain.MARK + i + " exit ", from);
    if (from < 0 || to < 0) {
      return "(no section " + i + ")";
    }
    int eol = text.indexOf('\n', to);
    return text.substring(from + start.length(), to) + text.substring(to, eol < 0 ? text.length() : eol);
  }

  @Test
  @DisplayName("no output of any failing command holds the password; without --verbose each fails in one line")
  void failingCommands_neverPrintPassword() throws Exception {
    List<Case> cases = cases();
    List<Case> quiet = cases.stream().filter(c -> c.jvm().isEmpty() && !c.args().get(0).equals("--verbose")).toList();
    List<Case> verbose = cases.stream().filter(c -> c.args().get(0).equals("--verbose")).toList();
    List<Case> debug = cases.stream().filter(c -> !c.jvm().isEmpty()).toList();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<List<String[]>> q = pool.submit(() -> runGroup(quiet, List.of(), "quiet"));
      Future<List<String[]>> v = pool.submit(() -> runGroup(verbose, List.of(), "verbose"));
      List<String[]> d = runGroup(debug, DEBUG, "debug");
      List<String> failures = new ArrayList<>();
      check(quiet, q.get(), failures);
      check(verbose, v.get(), failures);
      check(debug, d, failures);
      assertThat(failures).as(String.join("\n\n", failures)).isEmpty();
    } finally {
      pool.shutdownNow();
    }
  }

  private static void check(List<Case> cases, List<String[]> outputs, List<String> failures) {
    for (int i = 0; i < cases.size(); i++) {
      Case c = cases.get(i);
      String out = outputs.get(i)[0];
      String err = outputs.get(i)[1];
      String shown = c.name() + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
      if (err.startsWith("(no section") || out.endsWith(" exit 0")) {
        failures.add(c.name() + ": expected a failure\n" + shown + "\n" + outputs.get(i)[2]);
      }
      for (String secret : List.of(PW, PW.substring(0, 8), "pass " + PW.substring(0, 4))) {
        if ((out + err).contains(secret)) {
          failures.add(c.name() + ": prints " + secret + "\n" + shown);
        }
      }
      // The one line, and at most the notice that a transient failure is being retried.
      long lines = err.lines().filter(l -> !l.startsWith(ManyCommandsMain.MARK) && !l.contains("retrying for up to"))
          .count();
      if (c.oneLine() && lines != 1) {
        failures.add(c.name() + ": expected one line on stderr\n" + shown);
      }
    }
  }

  @Test
  @DisplayName("import on PostgreSQL: a trace the database rejects is reported FILE:LINE and skipped, the rest of its batch stored")
  void postgresImport_rejectedTraceSkipped() throws Exception {
    // No password: the embedded server trusts local connections, and a password given here would
    // stay registered as a secret for every later in-process test (masking "postgres" everywhere).
    String url = "postgresql://postgres@127.0.0.1:" + postgres.getPort() + "/postgres";
    String[] config = {"-D", "storage.backend=postgres", "-D", "storage.postgres.connection_url=" + url,
        "-D", "storage.postgres.schema=import_reject"};
    List<dev.reflow.trace.model.FlowTrace> traces = new ArrayList<>(Traces.some(7));
    Path first = dir.resolve("first.ndjson");
    Files.writeString(first, dev.reflow.trace.json.TraceJson.write(traces.get(0)) + "\n");
    Cli.Result created = Cli.real().run(concat(config, "import", first.toString()));
    assertThat(created.status()).as(created.toString()).isZero();
    // The database itself refuses one flow, as it would a value it cannot hold.
    try (var c = postgres.getPostgresDatabase().getConnection(); var st = c.createStatement()) {
      st.execute("CREATE FUNCTION import_reject.refuse() RETURNS trigger LANGUAGE plpgsql AS "
          + "$$BEGIN IF NEW.flow_id = 'poison' THEN RAISE EXCEPTION 'flow poison refused'; END IF; RETURN NEW; END$$");
      st.execute("CREATE TRIGGER refuse BEFORE INSERT OR UPDATE ON import_reject.traces "
          + "FOR EACH ROW EXECUTE FUNCTION import_reject.refuse()");
    }
    traces.set(4, Traces.withFlow(traces.get(4), "poison"));
    Path file = dir.resolve("mixed.ndjson");
    Files.writeString(file, traces.stream().map(dev.reflow.trace.json.TraceJson::write)
        .collect(java.util.stream.Collectors.joining("\n", "", "\n")));
    Cli.Result r = Cli.real().run(concat(config, "import", "--batch-size", "3", file.toString()));
    assertThat(r.status()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).contains(file + ":5: ").contains("flow poison refused")
        .contains("skipped 1 trace the store rejected");
    assertThat(r.out()).startsWith("imported 6 traces");
    Cli.Result stats = Cli.real().run(concat(config, "stats", "--json"));
    assertThat(stats.out()).contains("\"total_traces\":6");
  }

  private static String[] concat(String[] head, String... tail) {
    String[] all = java.util.Arrays.copyOf(head, head.length + tail.length);
    System.arraycopy(tail, 0, all, head.length, tail.length);
    return all;
  }
}
