package dev.reflow.trace.json.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.reflow.trace.json.TraceFormatException;
import dev.reflow.trace.model.CausalityInfo;
import dev.reflow.trace.model.EventId;
import dev.reflow.trace.model.ExecutionId;
import dev.reflow.trace.model.ExecutionStatus;
import dev.reflow.trace.model.FlowId;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.FlowVersion;
import dev.reflow.trace.model.JsonValue;
import dev.reflow.trace.model.MessageSnapshot;
import dev.reflow.trace.model.PerformanceMetrics;
import dev.reflow.trace.model.StateDiff;
import dev.reflow.trace.model.StateDiffType;
import dev.reflow.trace.model.Timestamp;
import dev.reflow.trace.model.TraceEvent;
import dev.reflow.trace.model.TraceEventData;
import dev.reflow.trace.model.TraceEventType;
import dev.reflow.trace.model.TraceId;
import dev.reflow.trace.model.TraceMetadata;
import dev.reflow.trace.storage.TraceQuery;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reads Reflow's types from a Jackson token stream with serde-derive semantics: unknown keys
 * ignored, missing {@code Option} fields null, missing required fields and duplicate fields
 * errors, structs also accepted in serde's sequence form ({@code [v1, v2, …]}), externally tagged
 * enums, exact integer ranges. Both model versions ([S] and [N]) are accepted.
 *
 * <p>Errors are {@link TraceFormatException}s with line, column and a JSON path relative to the
 * value being decoded ({@code $} is the trace). The path is computed from Jackson's parsing
 * context only when an error happens, so the happy path pays nothing for it.
 */
public final class TraceDecoder {
  private final JsonParser p;
  private final String source;
  private final long lineBase;
  private final long firstLineColumnBase;
  private JsonStreamContext base;

  /**
   * @param lineBase added to Jackson's line numbers (for input parsed in chunks)
   * @param firstLineColumnBase added to Jackson's column numbers on its first line
   */
  public TraceDecoder(JsonParser p, String source, long lineBase, long firstLineColumnBase) {
    this.p = p;
    this.source = source;
    this.lineBase = lineBase;
    this.firstLineColumnBase = firstLineColumnBase;
  }

  public TraceDecoder(JsonParser p, String source) {
    this(p, source, 0, 0);
  }

  // ---------------------------------------------------------------- entry points

  /** Reads a trace whose first token is current (or the next one if none is current). */
  public FlowTrace readTrace() {
    try {
      begin();
      return trace();
    } catch (IOException e) {
      throw wrap(e);
    }
  }

  /** Reads any JSON value, with serde_json {@code Value} semantics. */
  public JsonValue readValue() {
    try {
      begin();
      return value();
    } catch (IOException e) {
      throw wrap(e);
    }
  }

  /** Reads Reflow's {@code TraceQuery}. */
  public TraceQuery readQuery() {
    try {
      begin();
      return query();
    } catch (IOException e) {
      throw wrap(e);
    }
  }

  /** Fails unless the input has nothing but whitespace left, as serde_json's {@code from_slice}. */
  public void expectEnd() {
    base = null;
    JsonToken t;
    try {
      t = p.nextToken();
    } catch (JsonProcessingException e) {
      throw fail("trailing characters after the value", e.getLocation(), e);
    } catch (IOException e) {
      throw wrap(e);
    }
    if (t != null) {
      throw fail("trailing characters after the value");
    }
  }

  private void begin() throws IOException {
    if (p.currentToken() == null) {
      if (p.nextToken() == null) {
        throw new TraceFormatException(source, -1, -1, null, "EOF while parsing a value", null);
      }
    }
    JsonStreamContext ctx = p.getParsingContext();
    boolean opened = p.currentToken() == JsonToken.START_OBJECT || p.currentToken() == JsonToken.START_ARRAY;
    base = opened ? ctx.getParent() : ctx;
  }

  // ---------------------------------------------------------------- errors

  /** An error at the current token, naming the path of the current value. */
  public TraceFormatException fail(String reason) {
    return fail(reason, p.currentTokenLocation(), null);
  }

  private TraceFormatException fail(String reason, JsonLocation loc, Throwable cause) {
    long line = -1;
    long column = -1;
    if (loc != null && loc.getLineNr() > 0) {
      line = loc.getLineNr() + lineBase;
      column = loc.getColumnNr() + (loc.getLineNr() == 1 ? firstLineColumnBase : 0);
    }
    return new TraceFormatException(source, line, column, path(), reason, cause);
  }

  /** Converts a Jackson syntax error into a positioned format error. */
  public TraceFormatException wrap(IOException e) {
    String reason;
    if (e instanceof StreamConstraintsException) {
      reason = "recursion limit exceeded (JSON nested deeper than " + JsonFactories.MAX_DEPTH + " levels)";
    } else if (e instanceof JsonProcessingException jpe) {
      reason = jpe.getOriginalMessage();
    } else {
      reason = "I/O error: " + e.getMessage();
    }
    JsonLocation loc = e instanceof JsonProcessingException jpe ? jpe.getLocation() : null;
    return fail(reason, loc, e);
  }

  /** {@code $.events[3].timestamp}: the current value's path, relative to the decoded value. */
  private String path() {
    if (base == null) {
      return null;
    }
    List<JsonStreamContext> chain = new ArrayList<>();
    for (JsonStreamContext c = p.getParsingContext(); c != null && c != base; c = c.getParent()) {
      chain.add(c);
    }
    StringBuilder sb = new StringBuilder("$");
    for (int i = chain.size() - 1; i >= 0; i--) {
      JsonStreamContext c = chain.get(i);
      if (c.inObject() && c.getCurrentName() != null) {
        sb.append('.').append(c.getCurrentName());
      } else if (c.inArray() && c.getCurrentIndex() >= 0 && c.getEntryCount() > 0) {
        sb.append('[').append(c.getCurrentIndex()).append(']');
      }
    }
    return sb.toString();
  }

  private String describe(JsonToken t) throws IOException {
    switch (t) {
      case START_OBJECT:
        return "map";
      case START_ARRAY:
        return "sequence";
      case VALUE_STRING:
        return "string " + quote(p.getText());
      case VALUE_NUMBER_INT:
        return "integer `" + p.getText() + "`";
      case VALUE_NUMBER_FLOAT:
        return "floating point `" + p.getText() + "`";
      case VALUE_TRUE:
        return "boolean `true`";
      case VALUE_FALSE:
        return "boolean `false`";
      case VALUE_NULL:
        return "null";
      default:
        return t.asString() == null ? t.name() : t.asString();
    }
  }

  private static String quote(String s) {
    String shown = s.length() > 80 ? s.substring(0, 77) + "..." : s;
    return "\"" + shown.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private TraceFormatException invalidType(String expected) throws IOException {
    return fail("invalid type: " + describe(p.currentToken()) + ", expected " + expected);
  }

  // ---------------------------------------------------------------- primitives

  private String string(String expected) throws IOException {
    if (p.currentToken() != JsonToken.VALUE_STRING) {
      throw invalidType(expected);
    }
    String s = p.getText();
    checkSurrogates(s);
    return s;
  }

  private String string() throws IOException {
    return string("a string");
  }

  private String nullableString() throws IOException {
    return p.currentToken() == JsonToken.VALUE_NULL ? null : string();
  }

  /** serde_json rejects escaped lone surrogates (a backslash-u escape of a lone surrogate); Rust strings cannot hold them. */
  private void checkSurrogates(String s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE) {
        if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else {
          throw fail("lone surrogate U+" + Integer.toHexString(c).toUpperCase() + " in string");
        }
      }
    }
  }

  private UUID uuid() throws IOException {
    String s = string("a UUID string");
    try {
      return TraceId.parse(s).value();
    } catch (IllegalArgumentException e) {
      throw fail("invalid UUID " + quote(s) + ": expected 32 hex digits, hyphenated, braced or urn:uuid: form");
    }
  }

  private Timestamp timestamp() throws IOException {
    String s = string("an RFC 3339 timestamp string");
    try {
      return Timestamp.parse(s);
    } catch (IllegalArgumentException e) {
      throw fail("expected RFC 3339 timestamp, got " + quote(s));
    }
  }

  /** An integer token as an unsigned 64-bit pattern, checked against {@code max} (unsigned). */
  private long unsigned(String type, long max) throws IOException {
    JsonToken t = p.currentToken();
    if (t != JsonToken.VALUE_NUMBER_INT) {
      throw invalidType(type);
    }
    JsonParser.NumberType nt = p.getNumberType();
    long v;
    if (nt == JsonParser.NumberType.INT || nt == JsonParser.NumberType.LONG) {
      v = p.getLongValue();
      if (v < 0) {
        throw fail("invalid value: integer `" + v + "`, expected " + type);
      }
      if (v == 0 && p.getTextCharacters()[p.getTextOffset()] == '-') {
        // serde_json reads -0 as a float.
        throw fail("invalid type: floating point `-0.0`, expected " + type);
      }
    } else {
      BigInteger b = p.getBigIntegerValue();
      if (b.signum() < 0 || b.bitLength() > 64) {
        // Outside i64/u64, serde_json parses the number as a float.
        throw fail("invalid type: floating point `" + p.getText() + "`, expected " + type);
      }
      v = b.longValue();
    }
    if (Long.compareUnsigned(v, max) > 0) {
      throw fail("invalid value: integer `" + Long.toUnsignedString(v) + "`, expected " + type);
    }
    return v;
  }

  private long u64() throws IOException {
    return unsigned("u64", -1L);
  }

  private long u32() throws IOException {
    return unsigned("u32", 0xFFFF_FFFFL);
  }

  private Long nullableU64() throws IOException {
    return p.currentToken() == JsonToken.VALUE_NULL ? null : u64();
  }

  /** A number as f64, as serde's f64 visitor takes any JSON number. */
  private double f64(String type) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NUMBER_FLOAT) {
      double d = p.getDoubleValue();
      if (Double.isInfinite(d)) {
        throw fail("number out of range");
      }
      return d;
    }
    if (t == JsonToken.VALUE_NUMBER_INT) {
      JsonParser.NumberType nt = p.getNumberType();
      if (nt == JsonParser.NumberType.BIG_INTEGER) {
        return p.getBigIntegerValue().doubleValue();
      }
      long v = p.getLongValue();
      if (v == 0 && p.getTextCharacters()[p.getTextOffset()] == '-') {
        return -0.0;
      }
      return v;
    }
    throw invalidType(type);
  }

  private float f32() throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
      long v = p.getLongValue();
      // serde converts an integer straight to f32 (one rounding), a float via f64 (two).
      if (v == 0 && p.getTextCharacters()[p.getTextOffset()] == '-') {
        return -0.0f;
      }
      return v;
    }
    if (t == JsonToken.VALUE_NUMBER_INT) {
      return p.getBigIntegerValue().floatValue();
    }
    return (float) f64("f32");
  }

  private byte[] bytes() throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw invalidType("a sequence of u8");
    }
    byte[] out = new byte[16];
    int n = 0;
    while (p.nextToken() != JsonToken.END_ARRAY) {
      long v = unsigned("u8", 255);
      if (n == out.length) {
        out = java.util.Arrays.copyOf(out, n * 2);
      }
      out[n++] = (byte) v;
    }
    return n == out.length ? out : java.util.Arrays.copyOf(out, n);
  }

  // ---------------------------------------------------------------- structs

  /**
   * Reads a struct in map or sequence form into {@code values}. Map form: unknown keys skipped,
   * duplicates rejected, missing fields filled per {@link Struct#kinds}. Sequence form: fields in
   * order; only {@code #[serde(default)]} fields may be left out at the end.
   */
  private void struct(Struct s, Object[] values) throws IOException {
    JsonToken t = p.currentToken();
    String[] names = s.names;
    if (t == JsonToken.START_OBJECT) {
      long seen = 0;
      String name;
      while ((name = p.nextFieldName()) != null) {
        int i = indexOf(names, name);
        if (i >= 0 && (seen & (1L << i)) != 0) {
          throw fail("duplicate field `" + name + "`");
        }
        p.nextToken();
        if (i < 0) {
          p.skipChildren();
          continue;
        }
        seen |= 1L << i;
        values[i] = field(s, i);
      }
      if (p.currentToken() != JsonToken.END_OBJECT) {
        throw invalidType("a field name");
      }
      for (int i = 0; i < names.length; i++) {
        if ((seen & (1L << i)) == 0) {
          if (s.kinds[i] == Struct.REQUIRED) {
            throw fail("missing field `" + names[i] + "`");
          }
          values[i] = s.kinds[i] == Struct.DEFAULT ? s.defaultValue(i) : null;
        }
      }
    } else if (t == JsonToken.START_ARRAY) {
      for (int i = 0; i < names.length; i++) {
        if (p.nextToken() == JsonToken.END_ARRAY) {
          if (s.kinds[i] != Struct.DEFAULT) {
            throw fail("invalid length " + i + ", expected struct " + s.rustName + " with "
                + names.length + " elements");
          }
          for (int j = i; j < names.length; j++) {
            values[j] = s.defaultValue(j);
          }
          return;
        }
        values[i] = field(s, i);
      }
      if (p.nextToken() != JsonToken.END_ARRAY) {
        throw fail("trailing elements: expected struct " + s.rustName + " with " + names.length + " elements");
      }
    } else {
      throw invalidType("struct " + s.rustName);
    }
  }

  private static int indexOf(String[] names, String name) {
    // Jackson interns field names, so identity usually hits before equals is needed.
    for (int i = 0; i < names.length; i++) {
      if (names[i] == name) {
        return i;
      }
    }
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(name)) {
        return i;
      }
    }
    return -1;
  }

  private Object field(Struct s, int i) throws IOException {
    switch (s) {
      case FLOW_TRACE:
        switch (i) {
          case 0:
            return new TraceId(uuid());
          case 1:
            return new FlowId(string());
          case 2:
            return new ExecutionId(uuid());
          case 3:
            return version();
          case 4:
            return timestamp();
          case 5:
            return p.currentToken() == JsonToken.VALUE_NULL ? null : timestamp();
          case 6:
            return status();
          case 7:
            return events();
          default:
            return metadata();
        }
      case FLOW_VERSION:
        switch (i) {
          case 0:
          case 1:
          case 2:
            return u32();
          case 3:
            return nullableString();
          default:
            return timestamp();
        }
      case TRACE_EVENT:
        switch (i) {
          case 0:
            return new EventId(uuid());
          case 1:
            return timestamp();
          case 2:
            return eventType();
          case 3:
            return string();
          case 4:
            return data();
          default:
            return causality();
        }
      case TRACE_EVENT_DATA:
        switch (i) {
          case 0:
          case 3:
            return nullableString();
          case 1:
            return p.currentToken() == JsonToken.VALUE_NULL ? null : message();
          case 2:
            return p.currentToken() == JsonToken.VALUE_NULL ? null : stateDiff();
          case 4:
            return metrics();
          default:
            return attributes();
        }
      case MESSAGE_SNAPSHOT:
        switch (i) {
          case 0:
          case 2:
          case 4:
            return string();
          case 1:
            return u64();
          case 3:
            return bytes();
          case 5:
            return u32();
          default:
            return nullableU64();
        }
      case STATE_DIFF:
        switch (i) {
          case 0:
            return p.currentToken() == JsonToken.VALUE_NULL ? null : bytes();
          case 1:
            return bytes();
          default:
            return unitVariant(STATE_DIFF_TYPES, "StateDiffType");
        }
      case PERFORMANCE_METRICS:
        if (p.currentToken() == JsonToken.VALUE_NULL) {
          return null;
        }
        switch (i) {
          case 2:
            return f32();
          case 4:
            return f64("f64");
          default:
            return u64();
        }
      case CAUSALITY_INFO:
        switch (i) {
          case 0:
            return p.currentToken() == JsonToken.VALUE_NULL ? null : new EventId(uuid());
          case 1:
            return new EventId(uuid());
          case 2:
            return eventIds();
          default:
            return string();
        }
      case TRACE_METADATA:
        switch (i) {
          case 0:
          case 1:
            return nullableString();
          case 2:
          case 3:
          case 5:
            return string();
          case 4:
            return u32();
          default:
            return tags();
        }
      case DATA_FLOW:
      case FAILED:
        return string();
      case TRACE_QUERY:
        switch (i) {
          case 0:
          case 4:
            return nullableString();
          case 1:
            return p.currentToken() == JsonToken.VALUE_NULL ? null : new ExecutionId(uuid());
          case 2:
            return p.currentToken() == JsonToken.VALUE_NULL ? null : timeRange();
          case 3:
            return p.currentToken() == JsonToken.VALUE_NULL ? null : status();
          default:
            if (p.currentToken() == JsonToken.VALUE_NULL) {
              return null;
            }
            long v = u64();
            if (v > Integer.MAX_VALUE) {
              throw fail("invalid value: integer `" + Long.toUnsignedString(v)
                  + "`, larger than this library's limit " + Integer.MAX_VALUE);
            }
            return (int) v;
        }
      default:
        throw new AssertionError(s);
    }
  }

  private FlowTrace trace() throws IOException {
    Object[] v = new Object[9];
    struct(Struct.FLOW_TRACE, v);
    @SuppressWarnings("unchecked")
    List<TraceEvent> events = (List<TraceEvent>) v[7];
    return new FlowTrace((TraceId) v[0], (FlowId) v[1], (ExecutionId) v[2], (FlowVersion) v[3],
        (Timestamp) v[4], (Timestamp) v[5], (ExecutionStatus) v[6], events, (TraceMetadata) v[8]);
  }

  private FlowVersion version() throws IOException {
    Object[] v = new Object[5];
    struct(Struct.FLOW_VERSION, v);
    return new FlowVersion((Long) v[0], (Long) v[1], (Long) v[2], (String) v[3], (Timestamp) v[4]);
  }

  private List<TraceEvent> events() throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw invalidType("a sequence");
    }
    List<TraceEvent> out = new ArrayList<>();
    while (p.nextToken() != JsonToken.END_ARRAY) {
      Object[] v = new Object[6];
      struct(Struct.TRACE_EVENT, v);
      out.add(new TraceEvent((EventId) v[0], (Timestamp) v[1], (TraceEventType) v[2], (String) v[3],
          (TraceEventData) v[4], (CausalityInfo) v[5]));
    }
    return out;
  }

  private TraceEventData data() throws IOException {
    Object[] v = new Object[6];
    struct(Struct.TRACE_EVENT_DATA, v);
    @SuppressWarnings("unchecked")
    Map<String, JsonValue> attrs = (Map<String, JsonValue>) v[5];
    return new TraceEventData((String) v[0], (MessageSnapshot) v[1], (StateDiff) v[2], (String) v[3],
        (PerformanceMetrics) v[4], attrs);
  }

  private MessageSnapshot message() throws IOException {
    Object[] v = new Object[7];
    struct(Struct.MESSAGE_SNAPSHOT, v);
    return new MessageSnapshot((String) v[0], (Long) v[1], (String) v[2], (byte[]) v[3], (String) v[4],
        (Long) v[5], (Long) v[6]);
  }

  private StateDiff stateDiff() throws IOException {
    Object[] v = new Object[3];
    struct(Struct.STATE_DIFF, v);
    return new StateDiff((byte[]) v[0], (byte[]) v[1], (StateDiffType) v[2]);
  }

  private PerformanceMetrics metrics() throws IOException {
    Object[] v = new Object[5];
    struct(Struct.PERFORMANCE_METRICS, v);
    return new PerformanceMetrics((Long) v[0], (Long) v[1], (Float) v[2], (Long) v[3], (Double) v[4]);
  }

  private CausalityInfo causality() throws IOException {
    Object[] v = new Object[4];
    struct(Struct.CAUSALITY_INFO, v);
    @SuppressWarnings("unchecked")
    List<EventId> chain = (List<EventId>) v[2];
    return new CausalityInfo((EventId) v[0], (EventId) v[1], chain, (String) v[3]);
  }

  private List<EventId> eventIds() throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw invalidType("a sequence");
    }
    List<EventId> out = new ArrayList<>();
    while (p.nextToken() != JsonToken.END_ARRAY) {
      out.add(new EventId(uuid()));
    }
    return out;
  }

  private TraceMetadata metadata() throws IOException {
    Object[] v = new Object[7];
    struct(Struct.TRACE_METADATA, v);
    @SuppressWarnings("unchecked")
    Map<String, String> tags = (Map<String, String>) v[6];
    return new TraceMetadata((String) v[0], (String) v[1], (String) v[2], (String) v[3], (Long) v[4],
        (String) v[5], tags);
  }

  private Map<String, String> tags() throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw invalidType("a map");
    }
    Map<String, String> out = new LinkedHashMap<>();
    String name;
    while ((name = p.nextFieldName()) != null) {
      checkSurrogates(name);
      p.nextToken();
      out.put(name, string());
    }
    return out;
  }

  private Map<String, JsonValue> attributes() throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw invalidType("a map");
    }
    return members();
  }

  private TraceQuery query() throws IOException {
    Object[] v = new Object[7];
    struct(Struct.TRACE_QUERY, v);
    TraceQuery.Builder b = TraceQuery.builder()
        .flowId((String) v[0])
        .executionId((ExecutionId) v[1])
        .status((ExecutionStatus) v[3])
        .actorFilter((String) v[4]);
    if (v[2] != null) {
      Timestamp[] range = (Timestamp[]) v[2];
      b.timeRange(range[0].toInstant(), range[1].toInstant());
    }
    if (v[5] != null) {
      b.limit((Integer) v[5]);
    }
    if (v[6] != null) {
      b.offset((Integer) v[6]);
    }
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw fail(e.getMessage());
    }
  }

  private Timestamp[] timeRange() throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw invalidType("a tuple of size 2");
    }
    Timestamp[] out = new Timestamp[2];
    for (int i = 0; i < 2; i++) {
      if (p.nextToken() == JsonToken.END_ARRAY) {
        throw fail("invalid length " + i + ", expected a tuple of size 2");
      }
      out[i] = timestamp();
    }
    if (p.nextToken() != JsonToken.END_ARRAY) {
      throw fail("trailing elements, expected a tuple of size 2");
    }
    return out;
  }

  // ---------------------------------------------------------------- enums

  private static final String[] STATUS_VARIANTS = {"Pending", "Running", "Completed", "Failed", "Cancelled"};
  private static final String[] EVENT_TYPE_VARIANTS;
  private static final String[] STATE_DIFF_TYPES = {"Full", "Incremental", "MemoryOnly"};

  static {
    List<String> names = new ArrayList<>();
    for (TraceEventType.Simple s : TraceEventType.Simple.values()) {
      names.add(s.variantName());
    }
    names.add(names.indexOf("NetworkEvent"), "DataFlow");
    EVENT_TYPE_VARIANTS = names.toArray(new String[0]);
  }

  /**
   * Positions on an externally tagged enum's variant: a string (unit variant) or a one-key map.
   * Returns the variant index; for a map, the parser is left on the variant's content.
   */
  private int variant(String[] variants, String enumName, boolean[] isMap) throws IOException {
    JsonToken t = p.currentToken();
    String name;
    if (t == JsonToken.VALUE_STRING) {
      name = p.getText();
      isMap[0] = false;
    } else if (t == JsonToken.START_OBJECT) {
      name = p.nextFieldName();
      if (name == null) {
        throw fail("invalid type: empty map, expected enum " + enumName);
      }
      isMap[0] = true;
    } else {
      throw invalidType("enum " + enumName);
    }
    int i = indexOf(variants, name);
    if (i < 0) {
      StringBuilder sb = new StringBuilder("unknown variant `").append(name).append("`, expected one of ");
      for (int j = 0; j < variants.length; j++) {
        sb.append(j == 0 ? "`" : ", `").append(variants[j]).append('`');
      }
      throw fail(sb.toString());
    }
    if (isMap[0]) {
      p.nextToken();
    }
    return i;
  }

  /** After a map-form variant's content: the map must close. */
  private void endVariant(String enumName) throws IOException {
    if (p.nextToken() != JsonToken.END_OBJECT) {
      throw fail("expected the map of enum " + enumName + " to hold exactly one variant");
    }
  }

  private void unitContent(String variant, boolean isMap) throws IOException {
    if (isMap && p.currentToken() != JsonToken.VALUE_NULL) {
      throw fail("invalid type: " + describe(p.currentToken()) + ", expected unit variant " + variant);
    }
  }

  private StateDiffType unitVariant(String[] variants, String enumName) throws IOException {
    boolean[] isMap = new boolean[1];
    int i = variant(variants, enumName, isMap);
    unitContent(variants[i], isMap[0]);
    if (isMap[0]) {
      endVariant(enumName);
    }
    return StateDiffType.values()[i];
  }

  private ExecutionStatus status() throws IOException {
    boolean[] isMap = new boolean[1];
    int i = variant(STATUS_VARIANTS, "ExecutionStatus", isMap);
    ExecutionStatus result;
    if (i == 3) {
      if (!isMap[0]) {
        throw fail("invalid type: unit variant, expected struct variant ExecutionStatus::Failed");
      }
      Object[] v = new Object[1];
      struct(Struct.FAILED, v);
      result = ExecutionStatus.failed((String) v[0]);
    } else {
      unitContent(STATUS_VARIANTS[i], isMap[0]);
      result = switch (i) {
        case 0 -> ExecutionStatus.PENDING;
        case 1 -> ExecutionStatus.RUNNING;
        case 2 -> ExecutionStatus.COMPLETED;
        default -> ExecutionStatus.CANCELLED;
      };
    }
    if (isMap[0]) {
      endVariant("ExecutionStatus");
    }
    return result;
  }

  private TraceEventType eventType() throws IOException {
    boolean[] isMap = new boolean[1];
    int i = variant(EVENT_TYPE_VARIANTS, "TraceEventType", isMap);
    String name = EVENT_TYPE_VARIANTS[i];
    TraceEventType result;
    if (name.equals("DataFlow")) {
      if (!isMap[0]) {
        throw fail("invalid type: unit variant, expected struct variant TraceEventType::DataFlow");
      }
      Object[] v = new Object[2];
      struct(Struct.DATA_FLOW, v);
      result = new TraceEventType.DataFlow((String) v[0], (String) v[1]);
    } else {
      unitContent(name, isMap[0]);
      result = TraceEventType.Simple.byVariantName(name);
    }
    if (isMap[0]) {
      endVariant("TraceEventType");
    }
    return result;
  }

  // ---------------------------------------------------------------- serde_json::Value

  private JsonValue value() throws IOException {
    switch (p.currentToken()) {
      case VALUE_STRING:
        return new JsonValue.JsonString(string());
      case VALUE_NUMBER_INT:
        return integer();
      case VALUE_NUMBER_FLOAT: {
        double d = p.getDoubleValue();
        if (Double.isInfinite(d)) {
          throw fail("number out of range");
        }
        return new JsonValue.JsonFloat(d);
      }
      case VALUE_TRUE:
        return JsonValue.TRUE;
      case VALUE_FALSE:
        return JsonValue.FALSE;
      case VALUE_NULL:
        return JsonValue.NULL;
      case START_ARRAY: {
        List<JsonValue> items = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          items.add(value());
        }
        return new JsonValue.JsonArray(items);
      }
      case START_OBJECT:
        return new JsonValue.JsonObject(members());
      default:
        throw invalidType("any valid JSON value");
    }
  }

  /** Object members in input order; a repeated key keeps its first position and last value. */
  private Map<String, JsonValue> members() throws IOException {
    Map<String, JsonValue> out = new LinkedHashMap<>();
    String name;
    while ((name = p.nextFieldName()) != null) {
      checkSurrogates(name);
      p.nextToken();
      out.put(name, value());
    }
    return out;
  }

  private static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
  private static final BigInteger I64_MIN = BigInteger.valueOf(Long.MIN_VALUE);

  private JsonValue integer() throws IOException {
    JsonParser.NumberType nt = p.getNumberType();
    if (nt != JsonParser.NumberType.BIG_INTEGER) {
      long v = p.getLongValue();
      if (v == 0 && p.getTextCharacters()[p.getTextOffset()] == '-') {
        return new JsonValue.JsonFloat(-0.0); // serde_json reads -0 as a float
      }
      return JsonValue.of(v);
    }
    BigInteger b = p.getBigIntegerValue();
    if (b.compareTo(U64_MAX) <= 0 && b.compareTo(I64_MIN) >= 0) {
      return new JsonValue.JsonInteger(b);
    }
    double d = b.doubleValue();
    if (Double.isInfinite(d)) {
      throw fail("number out of range");
    }
    return new JsonValue.JsonFloat(d);
  }

  // ---------------------------------------------------------------- struct shapes

  /** Field names in declaration order and what a missing field becomes. */
  private enum Struct {
    FLOW_TRACE("FlowTrace", new String[] {"trace_id", "flow_id", "execution_id", "version", "start_time",
        "end_time", "status", "events", "metadata"}, "RRRRROR RR".replace(" ", "")),
    FLOW_VERSION("FlowVersion", new String[] {"major", "minor", "patch", "git_hash", "timestamp"}, "RRROR"),
    TRACE_EVENT("TraceEvent", new String[] {"event_id", "timestamp", "event_type", "actor_id", "data",
        "causality"}, "RRRRRR"),
    TRACE_EVENT_DATA("TraceEventData", new String[] {"port", "message", "state_diff", "error",
        "performance_metrics", "custom_attributes"}, "OOOORR"),
    MESSAGE_SNAPSHOT("MessageSnapshot", new String[] {"message_type", "size_bytes", "checksum",
        "serialized_data", "content_codec", "content_format_version", "stored_bytes"}, "RRRDDDD"),
    STATE_DIFF("StateDiff", new String[] {"before", "after", "diff_type"}, "ORR"),
    PERFORMANCE_METRICS("PerformanceMetrics", new String[] {"execution_time_ns", "memory_usage_bytes",
        "cpu_usage_percent", "queue_depth", "throughput_msgs_per_sec"}, "DDDDD"),
    CAUSALITY_INFO("CausalityInfo", new String[] {"parent_event_id", "root_cause_event_id",
        "dependency_chain", "span_id"}, "ORRR"),
    TRACE_METADATA("TraceMetadata", new String[] {"user_id", "session_id", "environment", "hostname",
        "process_id", "thread_id", "tags"}, "OORRRRR"),
    DATA_FLOW("variant TraceEventType::DataFlow", new String[] {"to_actor", "to_port"}, "RR"),
    FAILED("variant ExecutionStatus::Failed", new String[] {"error"}, "R"),
    TRACE_QUERY("TraceQuery", new String[] {"flow_id", "execution_id", "time_range", "status",
        "actor_filter", "limit", "offset"}, "OOOOOOO");

    static final byte REQUIRED = 0;
    /** A plain {@code Option}: missing in map form means None; not defaulted in sequence form. */
    static final byte OPTION = 1;
    /** {@code #[serde(default)]}: missing means the default in both forms. */
    static final byte DEFAULT = 2;

    final String rustName;
    final String[] names;
    final byte[] kinds;

    Struct(String rustName, String[] names, String kinds) {
      this.rustName = rustName;
      this.names = names;
      this.kinds = new byte[names.length];
      for (int i = 0; i < names.length; i++) {
        char k = kinds.charAt(i);
        this.kinds[i] = k == 'R' ? REQUIRED : k == 'O' ? OPTION : DEFAULT;
      }
    }

    Object defaultValue(int i) {
      if (this == MESSAGE_SNAPSHOT) {
        switch (i) {
          case 3:
            return new byte[0];
          case 4:
            return MessageSnapshot.DEFAULT_CONTENT_CODEC;
          case 5:
            return 0L;
          default:
            return null;
        }
      }
      return null;
    }
  }
}
