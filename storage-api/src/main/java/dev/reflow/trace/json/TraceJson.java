package dev.reflow.trace.json;

import com.fasterxml.jackson.core.JsonParser;
import dev.reflow.trace.json.internal.JsonFactories;
import dev.reflow.trace.json.internal.JsonOut;
import dev.reflow.trace.json.internal.TraceDecoder;
import dev.reflow.trace.json.internal.TraceEncoder;
import dev.reflow.trace.json.internal.Utf8;
import dev.reflow.trace.model.ExecutionStatus;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.FlowVersion;
import dev.reflow.trace.model.JsonValue;
import dev.reflow.trace.model.TraceEvent;
import dev.reflow.trace.model.TraceEventType;
import dev.reflow.trace.storage.TraceQuery;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * Reads and writes Reflow's FlowTrace JSON exactly as serde_json does.
 *
 * <p>Writing produces {@code serde_json::to_vec} output of the current model ([N]): compact, keys
 * in declaration order, every field present, floats in ryu's shortest form, NaN/infinite metrics
 * as {@code null}, timestamps in chrono's {@code AutoSi} form. A trace that Reflow wrote is written
 * back byte for byte.
 *
 * <p>Reading accepts what Reflow's serde code accepts, for both model versions: unknown keys are
 * ignored, missing {@code Option} fields become null, the older four-field {@code MessageSnapshot}
 * and numeric metrics are read into the current model; UUIDs in any form the {@code uuid} crate
 * takes; timestamps as chrono parses them, converted to UTC. Anything else is a
 * {@link TraceFormatException} naming line, column and JSON path.
 *
 * <p>All methods are thread-safe.
 */
public final class TraceJson {
  private static final int MAX_CACHED_BUFFER = 1 << 20;
  private static final ThreadLocal<JsonOut> BUFFERS = ThreadLocal.withInitial(() -> new JsonOut(16 * 1024));

  private TraceJson() {}

  // ---------------------------------------------------------------- traces

  /** Reads one trace (either model version); nothing but whitespace may follow it. */
  public static FlowTrace read(String json) {
    Objects.requireNonNull(json, "json");
    return decodeWhole(() -> JsonFactories.FACTORY.createParser(json), null, TraceDecoder::readTrace);
  }

  /** Reads one trace from UTF-8 bytes (either model version); invalid UTF-8 is an error. */
  public static FlowTrace read(byte[] utf8) {
    return read(utf8, 0, utf8.length, null);
  }

  /** Reads one trace from {@code utf8[off, off+len)}; {@code source} names it in errors (or null). */
  public static FlowTrace read(byte[] utf8, int off, int len, String source) {
    checkUtf8(utf8, off, len, source);
    return decodeWhole(() -> JsonFactories.FACTORY.createParser(utf8, off, len), source, TraceDecoder::readTrace);
  }

  /** Reads exactly one trace from the whole stream (not closed). */
  public static FlowTrace read(InputStream in) {
    try {
      return read(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes the current model's compact JSON, byte for byte as Reflow does. */
  public static String write(FlowTrace trace) {
    JsonOut o = buffer();
    TraceEncoder.trace(o, trace);
    return release(o).toString();
  }

  /** {@link #write(FlowTrace)} as UTF-8 bytes. */
  public static byte[] writeBytes(FlowTrace trace) {
    JsonOut o = buffer();
    TraceEncoder.trace(o, trace);
    return release(o).toByteArray();
  }

  /** Writes {@link #writeBytes(FlowTrace)} to the stream (not closed, not flushed). */
  public static void write(FlowTrace trace, OutputStream out) {
    JsonOut o = buffer();
    TraceEncoder.trace(o, trace);
    try {
      o.writeTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      release(o);
    }
  }

  // ---------------------------------------------------------------- streams of traces

  /**
   * A reader over a single trace, a JSON array of traces, or NDJSON / concatenated traces,
   * detected from the input. Each malformed trace becomes an error item naming {@code sourceName}
   * and the line where it starts, and reading continues with the next trace where the input
   * allows. The reader owns and closes the stream.
   */
  public static TraceReader reader(InputStream in, String sourceName) {
    return new TraceReader(in, sourceName);
  }

  /** A writer of NDJSON: one compact trace per line, each line ended by {@code \n}. */
  public static TraceWriter ndjsonWriter(OutputStream out) {
    return new TraceWriter(out, false);
  }

  /** A writer of one JSON array of traces, {@code [t1,t2]}, as serde_json writes a Vec. */
  public static TraceWriter arrayWriter(OutputStream out) {
    return new TraceWriter(out, true);
  }

  // ---------------------------------------------------------------- serde_json::Value

  /** Reads any JSON with {@code serde_json::Value} semantics (see {@link JsonValue}). */
  public static JsonValue readValue(String json) {
    return decodeWhole(() -> JsonFactories.FACTORY.createParser(json), null, TraceDecoder::readValue);
  }

  /** {@link #readValue(String)} from UTF-8 bytes. */
  public static JsonValue readValue(byte[] utf8) {
    checkUtf8(utf8, 0, utf8.length, null);
    return decodeWhole(() -> JsonFactories.FACTORY.createParser(utf8), null, TraceDecoder::readValue);
  }

  /** Compact serde_json output of a value, object members in the order held. */
  public static String writeValue(JsonValue value) {
    JsonOut o = buffer();
    TraceEncoder.value(o, value);
    return release(o).toString();
  }

  /** {@link #writeValue(JsonValue)} as UTF-8 bytes. */
  public static byte[] writeValueBytes(JsonValue value) {
    JsonOut o = buffer();
    TraceEncoder.value(o, value);
    return release(o).toByteArray();
  }

  // ---------------------------------------------------------------- TraceQuery

  /**
   * Reflow's {@code TraceQuery} JSON, e.g.
   * {@code {"flow_id":"f","execution_id":null,"time_range":["…","…"],"status":"Completed","actor_filter":null,"limit":50,"offset":null}}.
   *
   * @throws IllegalArgumentException for a half-open time range, which Reflow's tuple cannot hold,
   *     or a keyset position ({@link TraceQuery#after}), which Reflow's query has no field for
   */
  public static String writeQuery(TraceQuery query) {
    JsonOut o = buffer();
    try {
      TraceEncoder.query(o, query);
      return o.toString();
    } finally {
      release(o);
    }
  }

  /** Reads Reflow's {@code TraceQuery} JSON. */
  public static TraceQuery readQuery(String json) {
    return decodeWhole(() -> JsonFactories.FACTORY.createParser(json), null, TraceDecoder::readQuery);
  }

  // ---------------------------------------------------------------- the trace's parts

  // The parts a protocol message carries beside whole traces (Reflow's tracing requests hold an
  // event, a version, a status or event types). Each reads from a slice of a larger message, so a
  // caller that parses the envelope itself hands over the bytes of one value; nothing but
  // whitespace may surround the value in the slice.

  /** Reads one {@code TraceEvent} from {@code utf8[off, off+len)}; {@code source} names it in errors (or null). */
  public static TraceEvent readEvent(byte[] utf8, int off, int len, String source) {
    checkUtf8(utf8, off, len, source);
    return decodeWhole(() -> JsonFactories.FACTORY.createParser(utf8, off, len), source, TraceDecoder::readEvent);
  }

  /** Compact serde_json output of one event, as Reflow writes it inside a trace. */
  public static byte[] writeEventBytes(TraceEvent event) {
    JsonOut o = buffer();
    TraceEncoder.event(o, event);
    return release(o).toByteArray();
  }

  /** Reads one {@code FlowVersion} from {@code utf8[off, off+len)}. */
  public static FlowVersion readVersion(byte[] utf8, int off, int len, String source) {
    checkUtf8(utf8, off, len, source);
    return decodeWhole(() -> JsonFactories.FACTORY.createParser(utf8, off, len), source, TraceDecoder::readVersion);
  }

  /** Compact serde_json output of a {@code FlowVersion}. */
  public static String writeVersion(FlowVersion version) {
    JsonOut o = buffer();
    TraceEncoder.version(o, version);
    return release(o).toString();
  }

  /** Reads one {@code ExecutionStatus} ({@code "Completed"}, {@code {"Failed":{"error":"…"}}}, …) from {@code utf8[off, off+len)}. */
  public static ExecutionStatus readStatus(byte[] utf8, int off, int len, String source) {
    checkUtf8(utf8, off, len, source);
    return decodeWhole(() -> JsonFactories.FACTORY.createParser(utf8, off, len), source, TraceDecoder::readStatus);
  }

  /** Compact serde_json output of an {@code ExecutionStatus}. */
  public static String writeStatus(ExecutionStatus status) {
    JsonOut o = buffer();
    TraceEncoder.status(o, status);
    return release(o).toString();
  }

  /** Reads one {@code TraceEventType} ({@code "ActorFailed"}, {@code {"DataFlow":{…}}}) from {@code utf8[off, off+len)}. */
  public static TraceEventType readEventType(byte[] utf8, int off, int len, String source) {
    checkUtf8(utf8, off, len, source);
    return decodeWhole(() -> JsonFactories.FACTORY.createParser(utf8, off, len), source, TraceDecoder::readEventType);
  }

  /** Reads Reflow's {@code TraceQuery} JSON from {@code utf8[off, off+len)}. */
  public static TraceQuery readQuery(byte[] utf8, int off, int len, String source) {
    checkUtf8(utf8, off, len, source);
    return decodeWhole(() -> JsonFactories.FACTORY.createParser(utf8, off, len), source, TraceDecoder::readQuery);
  }

  // ---------------------------------------------------------------- helpers

  static void checkUtf8(byte[] b, int off, int len, String source) {
    TraceFormatException e = checkText(b, off, len, source, 0);
    if (e != null) {
      throw e;
    }
  }

  /**
   * What serde_json's {@code from_slice} rejects before Jackson would see it: invalid UTF-8
   * (overlong forms, encoded surrogates), raw NUL bytes and a leading byte order mark (which
   * Jackson would skip, or take as a hint of UTF-16/32). Null when the bytes are fine.
   */
  static TraceFormatException checkText(byte[] b, int off, int len, String source, long lineBase) {
    if (len >= 3 && (b[off] & 0xff) == 0xef && (b[off + 1] & 0xff) == 0xbb && (b[off + 2] & 0xff) == 0xbf) {
      return new TraceFormatException(source, 1 + lineBase, 1, null,
          "unexpected byte order mark (serde_json rejects it)", null);
    }
    int bad = Utf8.firstInvalid(b, off, len);
    if (bad < 0) {
      return null;
    }
    long[] lc = Utf8.lineAndColumn(b, off, bad);
    String reason = b[bad] == 0 ? "NUL byte (not allowed in JSON text)"
        : "invalid UTF-8 (byte 0x" + Integer.toHexString(b[bad] & 0xff) + ")";
    return new TraceFormatException(source, lc[0] + lineBase, lc[1], null, reason, null);
  }

  /** Opens a parser; may fail with I/O. */
  private interface ParserSource {
    JsonParser open() throws IOException;
  }

  /** One top-level decoding step. */
  private interface Decoding<T> {
    T apply(TraceDecoder decoder) throws IOException;
  }

  /** Decodes one top-level value and requires the input to end after it. */
  private static <T> T decodeWhole(ParserSource source, String sourceName, Decoding<T> decoding) {
    try (JsonParser p = source.open()) {
      TraceDecoder d = new TraceDecoder(p, sourceName);
      T result = decoding.apply(d);
      d.expectEnd();
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonOut buffer() {
    JsonOut o = BUFFERS.get();
    BUFFERS.remove(); // taken; a nested or failed call gets a fresh one
    o.reset();
    return o;
  }

  private static JsonOut release(JsonOut o) {
    if (o.size() <= MAX_CACHED_BUFFER) {
      BUFFERS.set(o);
    }
    return o;
  }
}
