package dev.reflow.trace.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * OTLP/JSON the way {@code OtlpJson.print} wrote it before it had its own writer, kept as the
 * oracle {@link OtlpJsonWriterTest} compares against: protobuf-java-util's {@link JsonFormat}
 * (compact, enums as integers), then the base64 ids rewritten into hex and Gson's HTML-safe escapes
 * undone so that strings read as serde_json writes them.
 */
final class JsonFormatOracle {
  private static final JsonFormat.Printer PRINTER =
      JsonFormat.printer().omittingInsignificantWhitespace().printingEnumsAsInts();
  private static final Pattern BASE64_ID = Pattern.compile("\"(traceId|spanId|parentSpanId)\":\"([A-Za-z0-9+/=]*)\"");

  private JsonFormatOracle() {}

  static String print(ExportTraceServiceRequest request) {
    String json;
    try {
      json = PRINTER.print(request);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
    Matcher m = BASE64_ID.matcher(json);
    StringBuilder hexIds = new StringBuilder(json.length());
    while (m.find()) {
      String hex = HexFormat.of().formatHex(Base64.getDecoder().decode(m.group(2)));
      m.appendReplacement(hexIds, Matcher.quoteReplacement("\"" + m.group(1) + "\":\"" + hex + "\""));
    }
    m.appendTail(hexIds);
    return unescapeHtmlSafe(hexIds.toString());
  }

  /**
   * Gson writes {@code < > & = '} and U+2028, U+2029 as <code>&#92;u003c</code> and so on; only
   * real escapes are undone: a backslash that is itself escaped ({@code \\}) is copied with its pair.
   */
  static String unescapeHtmlSafe(String json) {
    StringBuilder out = new StringBuilder(json.length());
    int i = 0;
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
}
