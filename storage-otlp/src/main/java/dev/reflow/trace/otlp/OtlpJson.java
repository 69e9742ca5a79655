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
 * <p>{@link #print} streams the message through a Jackson generator ({@link OtlpJsonWriter});
 * strings are escaped as serde_json (upstream) escapes them. {@link #parse} goes through
 * protobuf-java-util's {@link JsonFormat} parser after rewriting the hex ids into the base64 it
 * expects. It reads compact JSON as {@link #print} writes it: there a key is always
 * {@code "name":"} with unescaped quotes, which cannot occur inside a string value (every quote
 * there is written {@code \"}), so only real ids are rewritten.
 */
public final class OtlpJson {
  private static final JsonFormat.Parser PARSER = JsonFormat.parser();
  private static final Pattern HEX_ID = Pattern.compile("\"(traceId|spanId|parentSpanId)\":\"([0-9a-fA-F]*)\"");
  private static final HexFormat HEX = HexFormat.of();

  private OtlpJson() {}

  /**
   * The request as one line of OTLP/JSON: fields in protobuf's field-number order, defaults left
   * out, strings escaped as serde_json does ({@code < > & = '}, U+2028 and U+2029 as they are,
   * unlike JsonFormat's HTML-safe escapes, so that {@code dataflow:a->b} can be grepped).
   */
  public static String print(ExportTraceServiceRequest request) {
    Objects.requireNonNull(request, "request");
    return OtlpJsonWriter.write(request);
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
