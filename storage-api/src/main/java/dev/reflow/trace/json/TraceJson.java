package dev.reflow.trace.json;

import com.fasterxml.jackson.core.JsonParser;
import dev.reflow.trace.json.internal.JsonFactories;
import dev.reflow.trace.json.internal.JsonOut;
import dev.reflow.trace.json.internal.TraceDecoder;
import dev.reflow.trace.json.internal.TraceEncoder;
import dev.reflow.trace.json.internal.Utf8;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.JsonValue;
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
    try (JsonParser p = JsonFactories.FACTORY.createParser(json)) {
      TraceDecoder d = new TraceDecoder(p, null);
      FlowTrace t = d.readTrace();
      d.expectEnd();
      return t;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads one trace from UTF-8 bytes (either model version); invalid UTF-8 is an error. */
  public static FlowTrace read(byte[] utf8) {
    return read(utf8, 0, utf8.length, null);
  }

  /** Reads one trace from {@code utf8[off, off+len)}; {@code source} names it in errors (or null). */
  public static FlowTrace read(byte[] utf8, int off, int len, String source) {
    checkUtf8(utf8, off, len, source);
    try (JsonParser p = JsonFactories.FACTORY.createParser(utf8, off, len)) {
      TraceDecoder d = new TraceDecoder(p, source);
      FlowTrace t = d.readTrace();
      d.expectEnd();
      return t;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
    try (JsonParser p = JsonFactories.FACTORY.createParser(json)) {
      TraceDecoder d = new TraceDecoder(p, null);
      JsonValue v = d.readValue();
      d.expectEnd();
      return v;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@link #readValue(String)} from UTF-8 bytes. */
  public static JsonValue readValue(byte[] utf8) {
    checkUtf8(utf8, 0, utf8.length, null);
    try (JsonParser p = JsonFactories.FACTORY.createParser(utf8)) {
      TraceDecoder d = new TraceDecoder(p, null);
      JsonValue v = d.readValue();
      d.expectEnd();
      return v;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
   * @throws IllegalArgumentException for a half-open time range, which Reflow's tuple cannot hold
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
    try (JsonParser p = JsonFactories.FACTORY.createParser(json)) {
      TraceDecoder d = new TraceDecoder(p, null);
      TraceQuery q = d.readQuery();
      d.expectEnd();
      return q;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---------------------------------------------------------------- helpers

  static void checkUtf8(byte[] b, int off, int len, String source) {
    int bad = Utf8.firstInvalid(b, off, len);
    if (bad >= 0) {
      long[] lc = Utf8.lineAndColumn(b, off, bad);
      throw new TraceFormatException(source, lc[0], lc[1], null,
          "invalid UTF-8 (byte 0x" + Integer.toHexString(b[bad] & 0xff) + ")", null);
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
