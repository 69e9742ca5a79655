package dev.reflow.trace.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reflow.trace.bench.ScaleQueries.ScaleQuery;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The "Scale" section of the report and its two targets, from {@link ScaleBench}'s results and the
 * plan files of {@link QueryPlans}. The sizes are those measured: 10k and 100k in quick mode, up to
 * 1M in a full run.
 */
final class ScaleReport {
  private static final List<String> BACKENDS = ScaleData.BACKENDS;
  private static final List<String> QUERIES = ScaleQueries.ALL.stream().map(ScaleQuery::name).toList();
  private static final List<String> OPERATIONS =
      Stream.concat(Stream.of("getById"), QUERIES.stream()).toList();
  private static final int SMALLEST = 10_000;
  private static final int TARGET_SIZE = 1_000_000;
  private static final double GET_TARGET_MICROS = 200;
  /** Flat: p50 at the largest size at most this many times p50 at 10k. */
  private static final double FLAT = 1.5;
  /** Issue 20: SQLite's actor queries, common to rare, at most this growth from 10k to 1M. */
  private static final double ACTOR_FLAT = 1.3;
  private static final List<String> ACTOR_QUERIES = List.of(ScaleQueries.BY_ACTOR.name(),
      ScaleQueries.BY_COMMON_ACTOR.name(), ScaleQueries.BY_RARE_ACTOR.name());

  private final Map<String, JsonNode> results;
  private final Path plansDir;
  private final boolean quick;
  private final NavigableSet<Integer> sizes = new TreeSet<>();

  /**
   * @param results primary metrics by key {@code ScaleBench.<op>[<backend>][<traces>]}
   * @param plansDir where {@code plans-<backend>-<traces>.txt} are
   */
  ScaleReport(Map<String, JsonNode> results, Path plansDir, boolean quick) {
    this.results = results;
    this.plansDir = plansDir;
    this.quick = quick;
    for (String key : results.keySet()) {
      if (key.startsWith("ScaleBench.")) {
        sizes.add(Integer.parseInt(key.substring(key.lastIndexOf('[') + 1, key.length() - 1)));
      }
    }
  }

  private Double p(String op, String backend, int traces, String percentile) {
    JsonNode m = results.get("ScaleBench." + op + "[" + backend + "][" + traces + "]");
    return m == null || !m.has("scorePercentiles") ? null : m.get("scorePercentiles").get(percentile).asDouble();
  }

  private Double p50(String op, String backend, int traces) {
    return p(op, backend, traces, "50.0");
  }

  /** p50 at the largest measured size over p50 at 10k. */
  private Double growth(String op, String backend) {
    return sizes.isEmpty() ? null : ratio(p50(op, backend, sizes.last()), p50(op, backend, SMALLEST));
  }

  private static Double ratio(Double a, Double b) {
    return a == null || b == null || b == 0 ? null : a / b;
  }

  private static String size(int traces) {
    return traces >= 1_000_000 ? traces / 1_000_000 + "M" : traces / 1000 + "k";
  }

  /** Growth over the last size step that still counts as level. */
  private static final double LEVEL = 1.15;

  void section(StringBuilder md) {
    md.append("## Scale\n\n");
    if (sizes.isEmpty()) {
      md.append("Not measured in this run (`ScaleBench`).\n\n");
      return;
    }
    List<String> measured = sizes.stream().map(ScaleReport::size).toList();
    String sizeList = measured.size() == 1 ? measured.get(0)
        : String.join(", ", measured.subList(0, measured.size() - 1)) + " and " + measured.get(measured.size() - 1);
    md.append("`get` and `query` latency with ").append(sizeList)
        .append(" traces stored (`ScaleBench`)")
        .append(quick ? "; quick mode measures 10k and 100k only, a full run adds 1M" : "")
        .append(". Each data set is the first N traces of the same seeded generator, loaded once through the backend in batches of 1,000 and cached between runs (`ScaleData`); PostgreSQL's are vacuumed and analyzed after loading, as autovacuum would. ")
        .append("Every query returns exactly 50 traces at every size (checked before measuring), so latency that grows with the size comes from the table, not from the result:\n\n");
    for (ScaleQuery q : ScaleQueries.ALL) {
      md.append("- `").append(q.name()).append("`: ").append(q.description()).append('\n');
    }
    md.append("- `getById`: cycles through 1,000 stored ids spread over the whole data set\n\n")
        .append("Growth is p50 at the largest size over p50 at 10k; for the queries the target is ≤ ")
        .append(FLAT).append("× (flat).\n\n");
    for (String b : BACKENDS) {
      latencyTable(md, b);
      plans(md, b);
    }
  }

  private void latencyTable(StringBuilder md, String backend) {
    md.append("### ").append(backend).append("\n\n| operation |");
    for (int n : sizes) {
      md.append(' ').append(size(n)).append(" p50 / p99 µs |");
    }
    md.append(" growth ").append(size(sizes.last())).append(" / 10k |\n|---|").append("---|".repeat(sizes.size() + 1)).append('\n');
    for (String op : OPERATIONS) {
      md.append("| ").append(op).append(" |");
      for (int n : sizes) {
        md.append(' ').append(Report.f(p50(op, backend, n))).append(" / ").append(Report.f(p(op, backend, n, "99.0"))).append(" |");
      }
      md.append(' ').append(Report.r(growth(op, backend))).append(" |\n");
    }
    md.append('\n');
  }

  /** One verdict line per query (per size where the plans differ), then the plans themselves, folded. */
  private void plans(StringBuilder md, String backend) {
    Map<Integer, Map<String, String[]>> bySize = new LinkedHashMap<>();
    for (int n : sizes) {
      bySize.put(n, readPlans(backend, n));
    }
    md.append("Query plans (").append(backend.equals("sqlite") ? "`EXPLAIN QUERY PLAN`" : "`EXPLAIN`")
        .append(" of the statements the backend runs, per data set):\n\n");
    for (String q : QUERIES) {
      Map<String, List<String>> sizesByVerdict = new LinkedHashMap<>();
      bySize.forEach((n, plans) -> sizesByVerdict.computeIfAbsent(
          plans.containsKey(q) ? plans.get(q)[0] : "plan not recorded", k -> new ArrayList<>()).add(size(n)));
      sizesByVerdict.forEach((verdict, at) ->
          md.append("- `").append(q).append("` (").append(String.join(", ", at)).append("): ").append(verdict).append('\n'));
    }
    md.append("\n<details><summary>").append(backend).append(" plans</summary>\n\n");
    bySize.forEach((n, plans) -> {
      md.append("**").append(size(n)).append(" traces**\n\n```text\n");
      plans.forEach((q, p) -> md.append("-- ").append(q).append('\n').append(p[1]).append('\n'));
      md.append("```\n\n");
    });
    md.append("</details>\n\n");
  }

  /** Query name → {verdict, the rest of its section}, from a {@link QueryPlans} file. */
  private Map<String, String[]> readPlans(String backend, int traces) {
    Path file = plansDir.resolve("plans-" + backend + "-" + traces + ".txt");
    Map<String, String[]> plans = new LinkedHashMap<>();
    if (!Files.exists(file)) {
      return plans;
    }
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (String section : text.split("\n## ")) {
      if (section.startsWith("#")) {
        continue; // the file's title
      }
      String name = section.substring(0, section.indexOf('\n'));
      String body = section.substring(section.indexOf('\n') + 1).strip();
      String verdictLine = body.lines().filter(l -> l.startsWith("verdict: ")).findFirst().orElse("verdict: n/a");
      String rest = body.lines().filter(l -> !l.startsWith("verdict: ")).reduce((a, b) -> a + "\n" + b).orElse("");
      plans.put(name, new String[] {verdictLine.substring("verdict: ".length()), rest});
    }
    return plans;
  }

  /** The issue's scale targets, as rows of the report's Targets table. */
  void targetRows(StringBuilder md) {
    md.append("| sqlite get p50 < 200 µs with 1M traces stored | ").append(getFigure()).append(" | ").append(getVerdict()).append(" |\n");
    for (String b : BACKENDS) {
      md.append("| ").append(b).append(" query latency flat 10k → 1M (every query's p50 at 1M ≤ ").append(FLAT)
          .append("× its p50 at 10k) | ").append(flatFigure(b)).append(" | ").append(flatVerdict(b)).append(" |\n");
    }
    md.append("| sqlite actor queries flat 10k → 1M (1 trace in 20 to nearly every trace; p50 at 1M ≤ ").append(ACTOR_FLAT)
        .append("× at 10k) | ").append(actorFigure()).append(" | ").append(actorVerdict()).append(" |\n");
  }

  private String actorFigure() {
    if (sizes.isEmpty()) {
      return "scale runs are not part of this run";
    }
    List<String> figures = new ArrayList<>();
    for (String q : ACTOR_QUERIES) {
      figures.add(q + " " + Report.r(growth(q, "sqlite")));
    }
    return size(sizes.last()) + " / 10k: " + String.join(", ", figures);
  }

  private String actorVerdict() {
    if (!sizes.contains(TARGET_SIZE)) {
      return notAt1M();
    }
    List<String> grown = new ArrayList<>();
    for (String q : ACTOR_QUERIES) {
      Double g = growth(q, "sqlite");
      if (g == null || g > ACTOR_FLAT) {
        grown.add(q + (g == null ? " not measured" : " " + Report.r(g)));
      }
    }
    return grown.isEmpty() ? "met" : "missed: " + String.join("; ", grown);
  }

  private String notAt1M() {
    return "not measured at 1M" + (quick ? " in quick mode" : "");
  }

  private String getFigure() {
    if (sizes.isEmpty()) {
      return "scale runs are not part of this run";
    }
    int largest = sizes.last();
    return "p50 " + Report.f(p50("getById", "sqlite", largest)) + " µs at " + size(largest);
  }

  private String getVerdict() {
    if (!sizes.contains(TARGET_SIZE)) {
      return notAt1M();
    }
    Double at1M = p50("getById", "sqlite", TARGET_SIZE);
    Double at10k = p50("getById", "sqlite", SMALLEST);
    if (at1M == null) {
      return "not measured";
    }
    if (at1M < GET_TARGET_MICROS) {
      return "met";
    }
    return at10k != null && at10k >= GET_TARGET_MICROS
        ? "missed: already " + Report.f(at10k) + " µs at 10k, so the cost is per call, not the table size"
        : "missed: it grows with the table, " + Report.f(at10k) + " µs at 10k, " + Report.r(ratio(at1M, at10k)) + " that at 1M";
  }

  /** The query that grew most, and its growth. */
  private String flatFigure(String backend) {
    if (sizes.isEmpty()) {
      return "scale runs are not part of this run";
    }
    String worst = worstQuery(backend);
    return worst == null ? "n/a"
        : "largest growth " + size(sizes.last()) + " / 10k: " + worst + " " + Report.r(growth(worst, backend));
  }

  private String worstQuery(String backend) {
    String worst = null;
    for (String q : QUERIES) {
      Double g = growth(q, backend);
      if (g != null && (worst == null || g > growth(worst, backend))) {
        worst = q;
      }
    }
    return worst;
  }

  private String flatVerdict(String backend) {
    if (sizes.isEmpty() || sizes.last() == SMALLEST) {
      return "not measured";
    }
    List<String> grown = new ArrayList<>();
    for (String q : QUERIES) {
      Double g = growth(q, backend);
      if (g == null || g > FLAT) {
        grown.add(q + (g == null ? " not measured" : " " + Report.r(g) + " (plan: " + verdictAt(backend, q) + ")"
            + levelAfterStep(backend, q)));
      }
    }
    String upTo = size(sizes.last());
    if (!sizes.contains(TARGET_SIZE)) {
      return notAt1M() + "; 10k → " + upTo + ": " + (grown.isEmpty() ? "flat" : "not flat, " + String.join("; ", grown));
    }
    return grown.isEmpty() ? "met" : "missed: " + String.join("; ", grown);
  }

  /**
   * When a query's latency grew from the smallest size but not over the last step, the growth is
   * a one-time step (the working set outgrew the database's page cache), not a cost that keeps
   * growing with the table; says so, with the last step's growth.
   */
  private String levelAfterStep(String backend, String query) {
    if (sizes.size() < 3) {
      return "";
    }
    Integer previous = sizes.lower(sizes.last());
    Double lastStep = ratio(p50(query, backend, sizes.last()), p50(query, backend, previous));
    if (lastStep == null || lastStep > LEVEL) {
      return "";
    }
    String cache = backend.equals("sqlite") ? "SQLite's page cache (`storage.sqlite.cache_size`, 2 MB by default)"
        : "PostgreSQL's shared_buffers";
    return "; level from " + size(previous) + " to " + size(sizes.last()) + " (" + Report.r(lastStep)
        + "): a one-time step when the tables outgrew " + cache + ", not a cost that keeps growing with the table";
  }

  private String verdictAt(String backend, String query) {
    String[] plan = readPlans(backend, sizes.last()).get(query);
    return plan == null ? "not recorded" : plan[0];
  }
}
