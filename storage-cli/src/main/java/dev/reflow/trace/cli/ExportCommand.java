package dev.reflow.trace.cli;

import dev.reflow.trace.cli.internal.Formats;
import dev.reflow.trace.cli.internal.ProgressBar;
import dev.reflow.trace.cli.internal.ReadAhead;
import dev.reflow.trace.cli.internal.Secrets;
import dev.reflow.trace.collector.CollectorSettings;
import dev.reflow.trace.json.TraceJson;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.otlp.OtlpExportException;
import dev.reflow.trace.otlp.OtlpExporter;
import dev.reflow.trace.otlp.OtlpJson;
import dev.reflow.trace.otlp.OtlpMapping;
import dev.reflow.trace.otlp.OtlpSettings;
import dev.reflow.trace.storage.StorageConfigurationException;
import dev.reflow.trace.storage.StoredTrace;
import dev.reflow.trace.storage.TraceQuery;
import dev.reflow.trace.storage.TraceStorage;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Writes the matching traces as NDJSON (each line the bytes {@code get} prints) or as OTLP/JSON
 * requests, or delivers them to an OTLP/HTTP endpoint; streamed from the store either way, so
 * memory does not grow with the number of traces (one batch at most).
 */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Writes every matching trace as NDJSON: one trace per line, byte for byte what 'get' prints,",
        "newest first; or, with --format otlp-json, one OTLP ExportTraceServiceRequest per line and trace;",
        "or, with --otlp-endpoint, sends them to an OpenTelemetry collector, Jaeger or Tempo over OTLP/HTTP.",
        "Streams, so any number of traces fits in a small heap. Ends with a summary on stderr.",
        "OTLP settings also come from the [otlp] table of --config, OTLP_* variables and -D otlp.KEY=VALUE",
        "(see docs/otlp.md). Exit status 1 when traces could not be delivered."})
final class ExportCommand extends StorageCommand {
  private static final Logger LOG = LoggerFactory.getLogger(ExportCommand.class);

  /** The output formats. */
  enum Format {
    NDJSON("ndjson"), OTLP_JSON("otlp-json");

    final String cliName;

    Format(String cliName) {
      this.cliName = cliName;
    }
  }

  /** {@code ndjson} or {@code otlp-json} (picocli matches enum names, which cannot hold a hyphen). */
  static final class FormatConverter implements ITypeConverter<Format> {
    @Override
    public Format convert(String value) {
      String v = value.trim().toLowerCase(Locale.ROOT);
      for (Format f : Format.values()) {
        if (f.cliName.equals(v) || f.name().equalsIgnoreCase(v)) {
          return f;
        }
      }
      throw new picocli.CommandLine.TypeConversionException("unknown format \"" + value + "\": use ndjson or otlp-json");
    }
  }

  @Mixin
  QueryFilters filters = new QueryFilters();

  @Option(names = {"-o", "--output"}, paramLabel = "FILE",
      description = "Write to FILE (replaced only when the export completes; '-' or absent: stdout).")
  String output;

  @Option(names = "--format", paramLabel = "FORMAT", converter = FormatConverter.class,
      description = "ndjson (default): Reflow JSON, one trace per line; otlp-json: one OTLP/JSON "
          + "ExportTraceServiceRequest per line and trace, mapped as Reflow's collector maps it.")
  Format format;

  @Option(names = "--otlp-endpoint", paramLabel = "URL",
      description = "Send the traces to this OTLP/HTTP endpoint (POST URL/v1/traces), e.g. http://localhost:4318, "
          + "with retries; prints progress, exit status 1 naming how many failed.")
  String otlpEndpoint;

  @Option(names = "--otlp-protocol", paramLabel = "PROTOCOL",
      description = "http/json (default, as Reflow sends) or http/protobuf.")
  String otlpProtocol;

  @Option(names = "--otlp-header", paramLabel = "NAME=VALUE",
      description = "A header sent with every request, e.g. Authorization=Bearer\\ …; repeatable. Never printed.")
  Map<String, String> otlpHeaders = new LinkedHashMap<>();

  @Option(names = "--service-name", paramLabel = "NAME",
      description = "The service.name resource attribute (default [otlp] service_name, else reflow).")
  String serviceName;

  private TraceQuery query;
  private OtlpSettings otlp;

  @Override
  void validate() {
    query = filters.query(context().clock());
    Secrets.registerHeaderValues(otlpHeaders);
    boolean deliver = otlpEndpoint != null;
    if (deliver && output != null) {
      throw new CliUsageException("--output cannot be combined with --otlp-endpoint: the traces are sent, not written");
    }
    if (deliver && format == Format.NDJSON) {
      throw new CliUsageException("--format ndjson cannot be combined with --otlp-endpoint, which sends OTLP");
    }
    if (!deliver && (otlpProtocol != null || !otlpHeaders.isEmpty())) {
      throw new CliUsageException((otlpProtocol != null ? "--otlp-protocol" : "--otlp-header")
          + " needs --otlp-endpoint");
    }
    if (!deliver && format != Format.OTLP_JSON && serviceName != null) {
      throw new CliUsageException("--service-name needs --format otlp-json or --otlp-endpoint");
    }
    if (deliver || format == Format.OTLP_JSON) {
      otlp = otlpSettings();
    }
    if (output != null && !output.equals("-")) {
      Path parent = Path.of(output).toAbsolutePath().getParent();
      if (parent != null && !Files.isDirectory(parent)) {
        throw new CliUsageException("Invalid value for option '--output': directory " + parent + " does not exist");
      }
      if (Files.isDirectory(Path.of(output))) {
        throw new CliUsageException("Invalid value for option '--output': " + output + " is a directory");
      }
    }
  }

  /** The [otlp] settings (file, OTLP_* variables, system properties, -D otlp.*) under the options. */
  private OtlpSettings otlpSettings() {
    Map<String, String> overrides = new LinkedHashMap<>();
    root.properties.forEach((k, v) -> {
      if (readsKey(k)) {
        overrides.put(k, v);
      }
    });
    Map<String, String> keys = new LinkedHashMap<>();
    CollectorSettings.load(root.configFile, context().environment(), context().systemProperties(), overrides)
        .forEach((k, v) -> {
          if (readsKey(k)) {
            keys.put(k, v);
          }
        });
    Secrets.registerConfiguration(keys);
    OtlpSettings.unknownKeys(keys).forEach(LOG::warn);
    try {
      OtlpSettings settings = OtlpSettings.fromMap(keys);
      URI endpoint = otlpEndpoint == null ? null : OtlpSettings.endpoint(otlpEndpoint);
      OtlpExporter.Protocol protocol = otlpProtocol == null ? null : OtlpSettings.protocol(otlpProtocol);
      return settings.with(endpoint, protocol, otlpHeaders, serviceName);
    } catch (StorageConfigurationException e) {
      // the options' values are checked with the same rules; say which option was meant
      throw new CliUsageException(e.getMessage()
          .replace("otlp.endpoint", otlpEndpoint != null ? "--otlp-endpoint" : "otlp.endpoint")
          .replace("otlp.protocol", otlpProtocol != null ? "--otlp-protocol" : "otlp.protocol"));
    }
  }

  /** {@code -D otlp.*} keys are the OTLP settings, not storage keys. */
  @Override
  boolean readsKey(String key) {
    return key.trim().toLowerCase(Locale.ROOT).startsWith(OtlpSettings.PREFIX);
  }

  /** Only reads the configured store (the source): a SQLite file is opened read-only. */
  @Override
  boolean readOnly() {
    return true;
  }

  @Override
  int run(TraceStorage storage) throws Exception {
    return otlpEndpoint != null ? deliver(storage) : write(storage);
  }

  /** Traces per hand-off from the reading thread: a few hundred kilobytes of JSON. */
  private static final int READ_AHEAD_BATCH = 64;

  private int write(TraceStorage storage) throws IOException, InterruptedException {
    long start = System.nanoTime();
    boolean toFile = output != null && !output.equals("-");
    boolean progress = context().stderrIsTerminal();
    // The total only feeds the bar: counting costs a scan, not worth it when nobody watches.
    ProgressBar bar = new ProgressBar(err(), progress, "exporting", progress ? storage.count(query) : 0);
    Path target = toFile ? Path.of(output) : null;
    // A file is written beside its target and moved over it at the end, so a failed or
    // interrupted export never leaves a truncated file where a complete one is expected.
    Path partial = toFile ? target.resolveSibling(target.getFileName() + ".partial") : null;
    OtlpMapping mapping = format == Format.OTLP_JSON ? otlp.mapping() : null;
    long traces = 0;
    long bytes = 0;
    boolean done = false;
    OutputStream sink = toFile ? Files.newOutputStream(partial) : new FilterOutputStream(context().stdout()) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        flush(); // stdout stays open for the summary and the caller
      }
    };
    // The store is read (cursor, decompression) on a second thread while this one writes.
    try (OutputStream out = new BufferedOutputStream(sink, 1 << 16);
        ReadAhead batches = new ReadAhead(storage, query, READ_AHEAD_BATCH)) {
      for (List<StoredTrace> batch = batches.next(); batch != null; batch = batches.next()) {
        for (StoredTrace trace : batch) {
          byte[] json = trace.json();
          byte[] line = mapping == null ? json
              : OtlpJson.print(mapping.toRequest(TraceJson.read(json))).getBytes(StandardCharsets.UTF_8);
          out.write(line);
          out.write('\n');
          traces++;
          bytes += line.length + 1;
        }
        bar.update(traces, traces);
      }
      done = true;
    } finally {
      bar.finish();
      if (toFile && !done) {
        Files.deleteIfExists(partial);
      }
    }
    if (toFile) {
      Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
    err().println("exported " + traces(traces) + " (" + Formats.count(bytes) + " bytes) in "
        + Formats.seconds(System.nanoTime() - start) + " s");
    return ExitStatus.OK;
  }

  /**
   * Sends batches of {@code max_batch_traces} through the synchronous exporter (its retries and
   * backoff), one request at a time: the store is read no faster than the endpoint accepts. A
   * rejected batch is counted and the export goes on; an endpoint that stays unreachable after the
   * retries stops it, since every further batch would wait out the same retries.
   */
  private int deliver(TraceStorage storage) throws IOException, InterruptedException {
    long start = System.nanoTime();
    boolean progress = context().stderrIsTerminal();
    long total = progress ? storage.count(query) : 0;
    ProgressBar bar = new ProgressBar(err(), progress, "sending", total);
    OtlpExporter exporter = new OtlpExporter(otlp.exporterConfig());
    OtlpMapping mapping = otlp.mapping();
    String where = OtlpExporter.displayUrl(otlp.endpoint());
    List<FlowTrace> batch = new ArrayList<>(otlp.maxBatchTraces());
    long read = 0;
    long sent = 0;
    long failed = 0;
    OtlpExportException last = null;
    boolean unreachable = false;
    try (Stream<StoredTrace> stream = storage.streamJson(query)) {
      Iterator<StoredTrace> it = stream.iterator();
      while (!unreachable && it.hasNext()) {
        batch.add(TraceJson.read(it.next().json()));
        read++;
        if (batch.size() == otlp.maxBatchTraces() || !it.hasNext()) {
          try {
            exporter.export(mapping.toRequest(batch));
            sent += batch.size();
          } catch (OtlpExportException e) {
            failed += batch.size();
            last = e;
            unreachable = e.statusCode() < 0;
            err().println("error: " + traces(batch.size()) + " not delivered: " + e.getMessage());
          }
          batch.clear();
          bar.update(read, read);
        }
      }
    } finally {
      bar.finish();
    }
    String took = Formats.seconds(System.nanoTime() - start) + " s";
    if (last == null) {
      err().println("sent " + traces(sent) + " to " + where + " in " + took);
      return ExitStatus.OK;
    }
    err().println("sent " + traces(sent) + " to " + where + ", " + Formats.count(failed) + " failed after retries"
        + (unreachable ? "; stopped because the endpoint is unreachable, the remaining matching traces were not sent" : "")
        + " (" + took + ")");
    return ExitStatus.FAILURE;
  }

  private static String traces(long n) {
    return Formats.count(n) + (n == 1 ? " trace" : " traces");
  }

}
