package dev.reflow.trace.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * OTLP/JSON as the OTLP specification defines it: protobuf's JSON mapping (lowerCamelCase names,
 * 64-bit integers as decimal strings, default values left out) except that enums are integers and
 * {@code traceId}, {@code spanId} and {@code parentSpanId} are lowercase hex instead of base64.
 *
 * <p>{@link JsonFormat} does the mapping; the ids are then rewritten in its compact output, and
 * its HTML-safe escapes undone (see {@link #unescapeHtmlSafe}), so that strings are written as
 * serde_json writes them. Rewriting ids is
 * safe because in compact output a key is always {@code "name":"} with unescaped quotes, which
 * cannot occur inside a string value (every quote there is written {@code \"}).
 */
public final class OtlpJson {
  private static final JsonFormat.Printer PRINTER =
      JsonFormat.printer().omittingInsignificantWhitespace().printingEnumsAsInts();
  private static final JsonFormat.Parser PARSER = JsonFormat.parser();
  private static final Pattern BASE64_ID = Pattern.compile("\"(traceId|spanId|parentSpanId)\":\"([A-Za-z0-9+/=]*)\"");
  private static final Pattern HEX_ID = Pattern.compile("\"(traceId|spanId|parentSpanId)\":\"([0-9a-fA-F]*)\"");
  private static final HexFormat HEX = HexFormat.of();

  private OtlpJson() {}

  /** The request as one line of OTLP/JSON. */
  public static String print(ExportTraceServiceRequest request) {
    Objects.requireNonNull(request, "request");
    String json;
    try {
      json = PRINTER.print(request);
    } catch (InvalidProtocolBufferException e) {
      // Only Any fields without a type registry fail to print; OTLP traces have none.
      throw new IllegalStateException("cannot print OTLP request as JSON", e);
    }
    return unescapeHtmlSafe(rewrite(json, BASE64_ID, value -> HEX.formatHex(Base64.getDecoder().decode(value))));
  }

  /**
   * JsonFormat writes strings through Gson's HTML-safe escaping: {@code < > & = '} and U+2028,
   * U+2029 become <code>&#92;u003c</code> and so on, which serde_json (upstream) writes as they
   * are. Readers decode both to the same string, but a user grepping an export for
   * {@code dataflow:a->b} would not find it, so the escapes are undone. Only real escapes are
   * touched: a backslash that is itself escaped ({@code \\}) is copied with its pair.
   */
  static String unescapeHtmlSafe(String json) {
    int i = json.indexOf('\\');
    if (i < 0) {
      return json;
    }
    StringBuilder out = new StringBuilder(json.length());
    out.append(json, 0, i);
    int n = json.length();
    while (i < n) {
      char c = json.charAt(i);
      if (c != '\\' || i + 1 >= n) {
        out.append(c);
        i++;
        continue;
      }
      char next = json.charAt(i + 1);
      if (next == 'u' && i + 6 <= n) {
        char decoded = htmlSafe(json.substring(i + 2, i + 6));
        if (decoded != 0) {
          out.append(decoded);
          i += 6;
          continue;
        }
      }
      out.append(c).append(next);
      i += 2;
    }
    return out.toString();
  }

  private static char htmlSafe(String hex) {
    return switch (hex) {
      case "003c" -> '<';
      case "003e" -> '>';
      case "0026" -> '&';
      case "003d" -> '=';
      case "0027" -> '\'';
      case "2028" -> '\u2028';
      case "2029" -> '\u2029';
      default -> 0;
    };
  }

  /**
   * Parses OTLP/JSON (hex ids) strictly: unknown fields are rejected.
   *
   * @throws InvalidProtocolBufferException saying what is wrong with the document
   */
  public static ExportTraceServiceRequest parse(String json) throws InvalidProtocolBufferException {
    Objects.requireNonNull(json, "json");
    String base64Ids;
    try {
      base64Ids = rewrite(json, HEX_ID, value -> Base64.getEncoder().encodeToString(HEX.parseHex(value)));
    } catch (IllegalArgumentException e) {
      throw new InvalidProtocolBufferException("bad hex id in OTLP/JSON: " + e.getMessage());
    }
    ExportTraceServiceRequest.Builder builder = ExportTraceServiceRequest.newBuilder();
    PARSER.merge(base64Ids, builder);
    return builder.build();
  }

  private static String rewrite(String json, Pattern pattern, java.util.function.UnaryOperator<String> id) {
    Matcher m = pattern.matcher(json);
    StringBuilder out = new StringBuilder(json.length());
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement("\"" + m.group(1) + "\":\"" + id.apply(m.group(2)) + "\""));
    }
    m.appendTail(out);
    return out.toString();
  }
}
