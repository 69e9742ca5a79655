package dev.reflow.trace.json.internal;

import dev.reflow.trace.model.ExecutionStatus;
import dev.reflow.trace.model.Timestamp;
import dev.reflow.trace.model.TraceEventType;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

/**
 * Checks, without building the trace, that bytes are exactly what {@link TraceEncoder#trace}
 * writes for some trace: that reading them and writing the trace again would give the same bytes.
 * Collects on the way the fields a backend indexes. Several times cheaper than reading the trace
 * (no objects but the indexed fields; no token stream), which is what lets a copy between stores
 * pass stored JSON on without parsing it.
 *
 * <p>The grammar below is {@link TraceEncoder}'s, field by field: keys in declaration order, every
 * field present, no whitespace, strings escaped as {@link JsonOut#string} escapes them, UUIDs
 * lowercase and hyphenated, timestamps and floats in the form {@link JsonOut} writes them (checked
 * by writing the value read and comparing), integers in range and without leading zeros, object
 * keys of a map distinct (a repeated key would be dropped by reading), nesting no deeper than
 * {@link JsonFactories#MAX_DEPTH}. Anything else is refused with the byte offset where the input
 * leaves the canonical form. Not thread-safe: one instance per check.
 */
public final class CanonicalTraceCheck {

  /** Why the bytes are not canonical, and where (offset into the input). */
  public static final class NotCanonical extends Exception {
    private final int offset;

    NotCanonical(String reason, int offset) {
      super(reason, null, false, false);
      this.offset = offset;
    }

    public int offset() {
      return offset;
    }
  }

  /** The indexed fields of a canonical trace. */
  public record Fields(UUID traceId, String flowId, UUID executionId, Timestamp startTime, Timestamp endTime,
      ExecutionStatus.Kind status, int eventCount, Set<String> actorIds) {}

  private static byte[] a(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static final byte[] NULL = a("null");
  private static final byte[] T_TRACE_ID = a("{\"trace_id\":");
  private static final byte[] T_FLOW_ID = a(",\"flow_id\":");
  private static final byte[] T_EXECUTION_ID = a(",\"execution_id\":");
  private static final byte[] T_VERSION = a(",\"version\":{\"major\":");
  private static final byte[] V_MINOR = a(",\"minor\":");
  private static final byte[] V_PATCH = a(",\"patch\":");
  private static final byte[] V_GIT_HASH = a(",\"git_hash\":");
  private static final byte[] V_TIMESTAMP = a(",\"timestamp\":");
  private static final byte[] T_START_TIME = a("},\"start_time\":");
  private static final byte[] T_END_TIME = a(",\"end_time\":");
  private static final byte[] T_STATUS = a(",\"status\":");
  private static final byte[] S_FAILED = a("{\"Failed\":{\"error\":");
  private static final byte[] CLOSE2 = a("}}");
  private static final byte[] T_EVENTS = a(",\"events\":[");
  private static final byte[] T_METADATA = a("],\"metadata\":{\"user_id\":");
  private static final byte[] E_EVENT_ID = a("{\"event_id\":");
  private static final byte[] E_TIMESTAMP = a(",\"timestamp\":");
  private static final byte[] E_EVENT_TYPE = a(",\"event_type\":");
  private static final byte[] E_DATA_FLOW = a("{\"DataFlow\":{\"to_actor\":");
  private static final byte[] E_TO_PORT = a(",\"to_port\":");
  private static final byte[] E_ACTOR_ID = a(",\"actor_id\":");
  private static final byte[] E_DATA = a(",\"data\":{\"port\":");
  private static final byte[] D_MESSAGE = a(",\"message\":");
  private static final byte[] D_STATE_DIFF = a(",\"state_diff\":");
  private static final byte[] D_ERROR = a(",\"error\":");
  private static final byte[] D_METRICS = a(",\"performance_metrics\":{\"execution_time_ns\":");
  private static final byte[] M_MEMORY = a(",\"memory_usage_bytes\":");
  private static final byte[] M_CPU = a(",\"cpu_usage_percent\":");
  private static final byte[] M_QUEUE = a(",\"queue_depth\":");
  private static final byte[] M_THROUGHPUT = a(",\"throughput_msgs_per_sec\":");
  private static final byte[] D_ATTRIBUTES = a("},\"custom_attributes\":");
  private static final byte[] E_CAUSALITY = a("},\"causality\":{\"parent_event_id\":");
  private static final byte[] C_ROOT = a(",\"root_cause_event_id\":");
  private static final byte[] C_CHAIN = a(",\"dependency_chain\":[");
  private static final byte[] C_SPAN = a("],\"span_id\":");
  private static final byte[] MS_TYPE = a("{\"message_type\":");
  private static final byte[] MS_SIZE = a(",\"size_bytes\":");
  private static final byte[] MS_CHECKSUM = a(",\"checksum\":");
  private static final byte[] MS_DATA = a(",\"serialized_data\":");
  private static final byte[] MS_CODEC = a(",\"content_codec\":");
  private static final byte[] MS_FORMAT = a(",\"content_format_version\":");
  private static final byte[] MS_STORED = a(",\"stored_bytes\":");
  private static final byte[] SD_BEFORE = a("{\"before\":");
  private static final byte[] SD_AFTER = a(",\"after\":");
  private static final byte[] SD_TYPE = a(",\"diff_type\":");
  private static final byte[] MD_SESSION = a(",\"session_id\":");
  private static final byte[] MD_ENVIRONMENT = a(",\"environment\":");
  private static final byte[] MD_HOSTNAME = a(",\"hostname\":");
  private static final byte[] MD_PROCESS = a(",\"process_id\":");
  private static final byte[] MD_THREAD = a(",\"thread_id\":");
  private static final byte[] MD_TAGS = a(",\"tags\":{");
  private static final byte[] TRUE = a("true");
  private static final byte[] FALSE = a("false");

  private static final byte[][] UNIT_STATUSES = {a("\"Pending\""), a("\"Running\""), a("\"Completed\""),
      a("\"Cancelled\"")};
  private static final ExecutionStatus.Kind[] UNIT_STATUS_KINDS = {ExecutionStatus.Kind.PENDING,
      ExecutionStatus.Kind.RUNNING, ExecutionStatus.Kind.COMPLETED, ExecutionStatus.Kind.CANCELLED};
  private static final byte[][] EVENT_TYPES = Arrays.stream(TraceEventType.Simple.values())
      .map(s -> a("\"" + s.variantName() + "\"")).toArray(byte[][]::new);
  private static final byte[][] DIFF_TYPES = {a("\"Full\""), a("\"Incremental\""), a("\"MemoryOnly\"")};

  private static final long U32_MAX = 0xFFFF_FFFFL;
  private static final long U64_MAX = -1L;
  private static final long U8_MAX = 255;
  private static final BigInteger I64_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger U64_MAX_BIG = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
  /** The depth of a {@code custom_attributes} object: trace, events, event, data, attributes. */
  private static final int ATTRIBUTES_DEPTH = 5;

  private final byte[] b;
  private final int end;
  private int p;
  /** Whether the last string checked held an escape. */
  private boolean escaped;
  private JsonOut scratch;

  private CanonicalTraceCheck(byte[] json) {
    this.b = json;
    this.end = json.length;
  }

  /**
   * The indexed fields of {@code json}, when it is exactly the JSON {@link TraceEncoder} writes for
   * some trace.
   *
   * @throws NotCanonical otherwise, with the offset where the input leaves the canonical form
   */
  public static Fields check(byte[] json) throws NotCanonical {
    int bad = Utf8.firstInvalid(json, 0, json.length);
    if (bad >= 0) {
      throw new NotCanonical(json[bad] == 0 ? "NUL byte" : "invalid UTF-8", bad);
    }
    return new CanonicalTraceCheck(json).trace();
  }

  private Fields trace() throws NotCanonical {
    lit(T_TRACE_ID, "trace_id");
    UUID traceId = uuid(true);
    lit(T_FLOW_ID, "flow_id");
    String flowId = stringValue();
    lit(T_EXECUTION_ID, "execution_id");
    UUID executionId = uuid(true);
    lit(T_VERSION, "version");
    unsigned(U32_MAX);
    lit(V_MINOR, "version.minor");
    unsigned(U32_MAX);
    lit(V_PATCH, "version.patch");
    unsigned(U32_MAX);
    lit(V_GIT_HASH, "version.git_hash");
    nullOrString();
    lit(V_TIMESTAMP, "version.timestamp");
    timestamp(false);
    lit(T_START_TIME, "start_time");
    Timestamp start = timestamp(true);
    lit(T_END_TIME, "end_time");
    Timestamp endTime = tryLit(NULL) ? null : timestamp(true);
    lit(T_STATUS, "status");
    ExecutionStatus.Kind status = status();
    lit(T_EVENTS, "events");
    Set<String> actors = new LinkedHashSet<>();
    int events = 0;
    if (!atByte(']')) { // the ']' is the first byte of the metadata literal
      do {
        event(actors);
        events++;
      } while (tryByte(','));
    }
    lit(T_METADATA, "metadata");
    nullOrString();
    lit(MD_SESSION, "metadata.session_id");
    nullOrString();
    lit(MD_ENVIRONMENT, "metadata.environment");
    string();
    lit(MD_HOSTNAME, "metadata.hostname");
    string();
    lit(MD_PROCESS, "metadata.process_id");
    unsigned(U32_MAX);
    lit(MD_THREAD, "metadata.thread_id");
    string();
    lit(MD_TAGS, "metadata.tags");
    members(false, 3);
    lit(CLOSE2, "the end of the trace");
    if (p != end) {
      throw fail("trailing bytes after the trace");
    }
    return new Fields(traceId, flowId, executionId, start, endTime, status, events, actors);
  }

  private ExecutionStatus.Kind status() throws NotCanonical {
    for (int i = 0; i < UNIT_STATUSES.length; i++) {
      if (tryLit(UNIT_STATUSES[i])) {
        return UNIT_STATUS_KINDS[i];
      }
    }
    lit(S_FAILED, "a status");
    string();
    lit(CLOSE2, "the end of the status");
    return ExecutionStatus.Kind.FAILED;
  }

  private void event(Set<String> actors) throws NotCanonical {
    lit(E_EVENT_ID, "an event");
    uuid(false);
    lit(E_TIMESTAMP, "event timestamp");
    timestamp(false);
    lit(E_EVENT_TYPE, "event_type");
    if (!oneOf(EVENT_TYPES)) {
      lit(E_DATA_FLOW, "an event type");
      string();
      lit(E_TO_PORT, "event_type.to_port");
      string();
      lit(CLOSE2, "the end of the event type");
    }
    lit(E_ACTOR_ID, "actor_id");
    actors.add(stringValue());
    lit(E_DATA, "data");
    nullOrString();
    lit(D_MESSAGE, "data.message");
    if (!tryLit(NULL)) {
      message();
    }
    lit(D_STATE_DIFF, "data.state_diff");
    if (!tryLit(NULL)) {
      lit(SD_BEFORE, "a state diff");
      if (!tryLit(NULL)) {
        bytes();
      }
      lit(SD_AFTER, "state_diff.after");
      bytes();
      lit(SD_TYPE, "state_diff.diff_type");
      if (!oneOf(DIFF_TYPES)) {
        throw fail("expected a diff type (\"Full\", \"Incremental\" or \"MemoryOnly\")");
      }
      lit(CLOSE, "the end of the state diff");
    }
    lit(D_ERROR, "data.error");
    nullOrString();
    lit(D_METRICS, "data.performance_metrics");
    nullOrUnsigned();
    lit(M_MEMORY, "memory_usage_bytes");
    nullOrUnsigned();
    lit(M_CPU, "cpu_usage_percent");
    if (!tryLit(NULL)) {
      floatNumber(true);
    }
    lit(M_QUEUE, "queue_depth");
    nullOrUnsigned();
    lit(M_THROUGHPUT, "throughput_msgs_per_sec");
    if (!tryLit(NULL)) {
      floatNumber(false);
    }
    lit(D_ATTRIBUTES, "data.custom_attributes");
    if (b.length <= p || b[p] != '{') {
      throw fail("expected an object");
    }
    p++;
    members(true, ATTRIBUTES_DEPTH);
    lit(E_CAUSALITY, "causality");
    if (!tryLit(NULL)) {
      uuid(false);
    }
    lit(C_ROOT, "causality.root_cause_event_id");
    uuid(false);
    lit(C_CHAIN, "causality.dependency_chain");
    if (!atByte(']')) {
      do {
        uuid(false);
      } while (tryByte(','));
    }
    lit(C_SPAN, "causality.span_id");
    string();
    lit(CLOSE2, "the end of the event");
  }

  private static final byte[] CLOSE = a("}");

  private void message() throws NotCanonical {
    lit(MS_TYPE, "a message snapshot");
    string();
    lit(MS_SIZE, "message.size_bytes");
    unsigned(U64_MAX);
    lit(MS_CHECKSUM, "message.checksum");
    string();
    lit(MS_DATA, "message.serialized_data");
    bytes();
    lit(MS_CODEC, "message.content_codec");
    string();
    lit(MS_FORMAT, "message.content_format_version");
    unsigned(U32_MAX);
    lit(MS_STORED, "message.stored_bytes");
    nullOrUnsigned();
    lit(CLOSE, "the end of the message snapshot");
  }

  /** A {@code Vec<u8>}: integers 0 to 255. */
  private void bytes() throws NotCanonical {
    if (!tryByte('[')) {
      throw fail("expected an array of bytes");
    }
    if (tryByte(']')) {
      return;
    }
    do {
      unsigned(U8_MAX);
    } while (tryByte(','));
    if (!tryByte(']')) {
      throw fail("expected ',' or ']'");
    }
  }

  /**
   * The members of an object whose '{' was read, up to and including '}': string keys, all
   * distinct, and string values ({@code values} false: a {@code HashMap<String, String>}) or any
   * JSON ({@code values} true), at nesting depth {@code depth}.
   */
  private void members(boolean values, int depth) throws NotCanonical {
    if (depth > JsonFactories.MAX_DEPTH) {
      throw fail("nesting deeper than " + JsonFactories.MAX_DEPTH);
    }
    if (tryByte('}')) {
      return;
    }
    KeySet keys = new KeySet();
    do {
      int keyStart = p;
      string();
      if (!keys.add(keyStart + 1, p - 1)) {
        throw new NotCanonical("repeated key (reading keeps only the last)", keyStart);
      }
      if (!tryByte(':')) {
        throw fail("expected ':'");
      }
      if (values) {
        value(depth);
      } else {
        string();
      }
    } while (tryByte(','));
    if (!tryByte('}')) {
      throw fail("expected ',' or '}'");
    }
  }

  /**
   * The keys of one object, as byte ranges of the input: canonical strings have one encoding per
   * text, so equal bytes mean equal keys. Compared pairwise while few, hashed beyond.
   */
  private final class KeySet {
    private static final int PAIRWISE = 16;
    private final int[] ranges = new int[2 * PAIRWISE];
    private int n;
    private Set<String> hashed;

    boolean add(int from, int to) {
      if (hashed != null) {
        return hashed.add(text(from, to));
      }
      for (int i = 0; i < n; i += 2) {
        if (Arrays.equals(b, ranges[i], ranges[i + 1], b, from, to)) {
          return false;
        }
      }
      if (n == ranges.length) {
        hashed = new HashSet<>();
        for (int i = 0; i < n; i += 2) {
          hashed.add(text(ranges[i], ranges[i + 1]));
        }
        return hashed.add(text(from, to));
      }
      ranges[n++] = from;
      ranges[n++] = to;
      return true;
    }

    private String text(int from, int to) {
      return new String(b, from, to - from, StandardCharsets.UTF_8);
    }
  }

  /** Any JSON value ({@code serde_json::Value}) inside a container at {@code depth}. */
  private void value(int depth) throws NotCanonical {
    if (p >= end) {
      throw fail("expected a value");
    }
    switch (b[p]) {
      case '"' -> string();
      case '{' -> {
        p++;
        members(true, depth + 1);
      }
      case '[' -> {
        p++;
        if (depth + 1 > JsonFactories.MAX_DEPTH) {
          throw fail("nesting deeper than " + JsonFactories.MAX_DEPTH);
        }
        if (!tryByte(']')) {
          do {
            value(depth + 1);
          } while (tryByte(','));
          if (!tryByte(']')) {
            throw fail("expected ',' or ']'");
          }
        }
      }
      case 't' -> lit(TRUE, "true");
      case 'f' -> lit(FALSE, "false");
      case 'n' -> lit(NULL, "null");
      default -> anyNumber();
    }
  }

  /** A number of a {@code serde_json::Value}: an integer of i64/u64, else a float in serde's form. */
  private void anyNumber() throws NotCanonical {
    int start = p;
    boolean isFloat = scanNumber();
    if (isFloat) {
      checkFloat(start, false);
      return;
    }
    int digits = p - start;
    boolean negative = b[start] == '-';
    if (negative) {
      digits--;
    }
    int first = negative ? start + 1 : start;
    for (int i = first; i < p; i++) {
      if (b[i] < '0' || b[i] > '9') {
        throw new NotCanonical("not a number in serde's form", i);
      }
    }
    if (digits == 0 || (b[first] == '0' && digits > 1)) {
      throw new NotCanonical("not a number in serde's form", start);
    }
    if (negative && digits == 1 && b[first] == '0') {
      throw new NotCanonical("-0 is read as a float and written as -0.0", start);
    }
    if (digits > 18) {
      BigInteger v = new BigInteger(new String(b, start, p - start, StandardCharsets.US_ASCII));
      if (v.compareTo(I64_MIN) < 0 || v.compareTo(U64_MAX_BIG) > 0) {
        throw new NotCanonical("integer outside i64/u64 is read as a float", start);
      }
    }
  }

  /** Moves past a number token's characters; whether it has a fraction or exponent. */
  private boolean scanNumber() throws NotCanonical {
    int start = p;
    boolean isFloat = false;
    while (p < end) {
      byte c = b[p];
      if (c >= '0' && c <= '9' || c == '-' || c == '+') {
        p++;
      } else if (c == '.' || c == 'e' || c == 'E') {
        isFloat = true;
        p++;
      } else {
        break;
      }
    }
    if (p == start) {
      throw fail("expected a value");
    }
    return isFloat;
  }

  /** An f32 or f64 field: a number that writing it again gives back. */
  private void floatNumber(boolean f32) throws NotCanonical {
    int start = p;
    if (!scanNumber()) {
      throw new NotCanonical("a float written as an integer (serde writes " + (f32 ? "f32" : "f64") + " with a fraction)",
          start);
    }
    checkFloat(start, f32);
  }

  private void checkFloat(int start, boolean f32) throws NotCanonical {
    double d;
    try {
      d = Double.parseDouble(new String(b, start, p - start, StandardCharsets.US_ASCII));
    } catch (NumberFormatException e) {
      throw new NotCanonical("not a number", start);
    }
    if (Double.isInfinite(d)) {
      throw new NotCanonical("number out of range", start);
    }
    JsonOut o = scratch();
    if (f32) {
      o.f32((float) d);
    } else {
      o.f64(d);
    }
    if (!o.contentEquals(b, start, p)) {
      throw new NotCanonical("number not in serde's shortest form", start);
    }
  }

  private JsonOut scratch() {
    if (scratch == null) {
      scratch = new JsonOut(64);
    }
    scratch.reset();
    return scratch;
  }

  /** A canonical unsigned integer no greater than {@code max} (unsigned; -1 is u64's). */
  private long unsigned(long max) throws NotCanonical {
    int start = p;
    long v = 0;
    while (p < end && b[p] >= '0' && b[p] <= '9') {
      p++;
    }
    int digits = p - start;
    if (digits == 0) {
      throw fail("expected an unsigned integer");
    }
    if (b[start] == '0' && digits > 1) {
      throw new NotCanonical("leading zero", start);
    }
    if (digits > 20) {
      throw new NotCanonical("integer out of range", start);
    }
    if (digits <= 18) {
      for (int i = start; i < p; i++) {
        v = v * 10 + (b[i] - '0');
      }
    } else {
      try {
        v = Long.parseUnsignedLong(new String(b, start, digits, StandardCharsets.US_ASCII));
      } catch (NumberFormatException e) {
        throw new NotCanonical("integer out of range", start);
      }
    }
    if (Long.compareUnsigned(v, max) > 0) {
      throw new NotCanonical("integer out of range (at most " + Long.toUnsignedString(max) + ")", start);
    }
    return v;
  }

  private void nullOrUnsigned() throws NotCanonical {
    if (!tryLit(NULL)) {
      unsigned(U64_MAX);
    }
  }

  private void nullOrString() throws NotCanonical {
    if (!tryLit(NULL)) {
      string();
    }
  }

  /**
   * A string in {@link JsonOut#string}'s form: {@code \" \\ \b \f \n \r \t}, other control
   * characters as lowercase {@code \\}{@code u00xx}, everything else raw (the UTF-8 was checked up front).
   * Returns the offset of its first content byte; {@link #p} is after the closing quote.
   */
  private int string() throws NotCanonical {
    if (p >= end || b[p] != '"') {
      throw fail("expected a string");
    }
    int start = ++p;
    escaped = false;
    while (true) {
      if (p >= end) {
        throw fail("unterminated string");
      }
      int c = b[p];
      if (c == '"') {
        p++;
        return start;
      }
      if (c == '\\') {
        escaped = true;
        if (p + 1 >= end) {
          throw fail("unterminated string");
        }
        switch (b[p + 1]) {
          case '"', '\\', 'b', 'f', 'n', 'r', 't' -> p += 2;
          case 'u' -> {
            if (p + 6 > end || b[p + 2] != '0' || b[p + 3] != '0' || (b[p + 4] != '0' && b[p + 4] != '1')
                || hex(b[p + 5]) < 0) {
              throw fail("\\u escape of a character serde_json writes raw, or not in lowercase hex");
            }
            int v = (b[p + 4] - '0') * 16 + hex(b[p + 5]);
            if (v == '\b' || v == '\f' || v == '\n' || v == '\r' || v == '\t') {
              throw fail("\\u escape where serde_json writes a short escape");
            }
            p += 6;
          }
          default -> throw fail("escape serde_json does not write");
        }
      } else if (c >= 0 && c < 0x20) {
        throw fail("raw control character in a string");
      } else {
        p++;
      }
    }
  }

  private static int hex(byte c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    return -1;
  }

  /** A string's text. */
  private String stringValue() throws NotCanonical {
    int start = string();
    int stop = p - 1;
    if (!escaped) {
      return new String(b, start, stop - start, StandardCharsets.UTF_8);
    }
    byte[] out = new byte[stop - start];
    int n = 0;
    for (int i = start; i < stop; i++) {
      byte c = b[i];
      if (c != '\\') {
        out[n++] = c;
        continue;
      }
      byte e = b[++i];
      switch (e) {
        case 'b' -> out[n++] = '\b';
        case 'f' -> out[n++] = '\f';
        case 'n' -> out[n++] = '\n';
        case 'r' -> out[n++] = '\r';
        case 't' -> out[n++] = '\t';
        case 'u' -> {
          out[n++] = (byte) ((b[i + 3] - '0') * 16 + hex(b[i + 4]));
          i += 4;
        }
        default -> out[n++] = e; // '"' or '\\'
      }
    }
    return new String(out, 0, n, StandardCharsets.UTF_8);
  }

  /** A quoted lowercase hyphenated UUID. */
  private UUID uuid(boolean want) throws NotCanonical {
    if (p + 38 > end || b[p] != '"' || b[p + 37] != '"' || b[p + 9] != '-' || b[p + 14] != '-'
        || b[p + 19] != '-' || b[p + 24] != '-') {
      throw fail("expected a lowercase hyphenated UUID");
    }
    long msb = 0;
    long lsb = 0;
    for (int i = p + 1; i < p + 37; i++) {
      if (i == p + 9 || i == p + 14 || i == p + 19 || i == p + 24) {
        continue;
      }
      int h = hex(b[i]);
      if (h < 0) {
        throw new NotCanonical("expected a lowercase hyphenated UUID", i);
      }
      if (i < p + 19) {
        msb = (msb << 4) | h;
      } else {
        lsb = (lsb << 4) | h;
      }
    }
    p += 38;
    return want ? new UUID(msb, lsb) : null;
  }

  /**
   * A timestamp as {@link JsonOut#timestamp} writes it. The usual UTC forms are read here;
   * anything else goes through {@link Timestamp#parse}, as reading does. Either way the value is
   * written again and must give the same bytes.
   */
  private Timestamp timestamp(boolean want) throws NotCanonical {
    int quote = p;
    int start = string();
    int stop = p - 1;
    if (escaped) {
      throw new NotCanonical("escape in a timestamp", quote);
    }
    long epochSecond;
    int nanos;
    long fast = fastUtc(start, stop);
    if (fast != Long.MIN_VALUE) {
      epochSecond = fast;
      nanos = fraction(start + 20, stop - 1);
    } else {
      Timestamp t;
      try {
        t = Timestamp.parse(new String(b, start, stop - start, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw new NotCanonical("not an RFC 3339 timestamp", quote);
      }
      epochSecond = t.epochSecond();
      nanos = t.nanos();
    }
    JsonOut o = scratch();
    try {
      o.timestamp(epochSecond, nanos);
    } catch (IllegalArgumentException e) {
      throw new NotCanonical("timestamp outside chrono's range", quote);
    }
    if (!o.contentEquals(b, quote, p)) {
      throw new NotCanonical("timestamp not in the form Reflow writes (UTC, 0, 3, 6 or 9 fraction digits)", quote);
    }
    return want ? new Timestamp(epochSecond, nanos) : null;
  }

  /**
   * The epoch second of {@code YYYY-MM-DDTHH:MM:SS[.f{3,6,9}]Z} with fields in range (the day is
   * checked by writing the result again), or {@link Long#MIN_VALUE} for any other text.
   */
  private long fastUtc(int s, int e) {
    int len = e - s;
    if ((len != 20 && len != 24 && len != 27 && len != 30) || b[s + 4] != '-' || b[s + 7] != '-'
        || b[s + 10] != 'T' || b[s + 13] != ':' || b[s + 16] != ':' || b[e - 1] != 'Z'
        || (len > 20 && b[s + 19] != '.')) {
      return Long.MIN_VALUE;
    }
    int year = digits(s, 4);
    int month = digits(s + 5, 2);
    int day = digits(s + 8, 2);
    int hour = digits(s + 11, 2);
    int minute = digits(s + 14, 2);
    int second = digits(s + 17, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0
        || minute > 59 || second < 0 || second > 59 || (len > 20 && digits(s + 20, len - 21) < 0)) {
      return Long.MIN_VALUE;
    }
    // Howard Hinnant's days_from_civil.
    long y = month <= 2 ? year - 1 : year;
    long era = Math.floorDiv(y, 400);
    long yoe = y - era * 400;
    long doy = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    long days = era * 146_097 + doe - 719_468;
    return days * 86_400 + hour * 3600L + minute * 60L + second;
  }

  /** Nanoseconds of the fraction digits in {@code [s, e)} (none: 0). */
  private int fraction(int s, int e) {
    int v = 0;
    for (int i = s; i < e; i++) {
      v = v * 10 + (b[i] - '0');
    }
    for (int i = e - s; i < 9; i++) {
      v *= 10;
    }
    return v;
  }

  /** The decimal value of {@code n} digits at {@code s}, or -1. */
  private int digits(int s, int n) {
    int v = 0;
    for (int i = s; i < s + n; i++) {
      int d = b[i] - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      v = v * 10 + d;
    }
    return v;
  }

  private boolean oneOf(byte[][] literals) {
    for (byte[] l : literals) {
      if (tryLit(l)) {
        return true;
      }
    }
    return false;
  }

  private boolean atByte(char c) {
    return p < end && b[p] == c;
  }

  private boolean tryByte(char c) {
    if (p < end && b[p] == c) {
      p++;
      return true;
    }
    return false;
  }

  private boolean tryLit(byte[] l) {
    int n = l.length;
    if (end - p >= n && Arrays.equals(b, p, p + n, l, 0, n)) {
      p += n;
      return true;
    }
    return false;
  }

  private void lit(byte[] l, String what) throws NotCanonical {
    if (!tryLit(l)) {
      int i = 0;
      while (i < l.length && p + i < end && b[p + i] == l[i]) {
        i++;
      }
      throw new NotCanonical("expected " + new String(l, StandardCharsets.US_ASCII) + " (" + what + ")", p + i);
    }
  }

  private NotCanonical fail(String reason) {
    return new NotCanonical(reason, p);
  }
}
