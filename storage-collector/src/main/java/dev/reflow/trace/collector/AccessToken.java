package dev.reflow.trace.collector;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Objects;

/**
 * The collector's auth token ({@code server.auth_token}) and the one rule every endpoint on its
 * port checks it by: the request presents it as {@code Authorization: Bearer <token>} or as the
 * {@code token} query parameter, compared in constant time. {@link #toString()} never shows it.
 */
public final class AccessToken {
  private final byte[] token;

  private AccessToken(String token) {
    this.token = token.getBytes(StandardCharsets.UTF_8);
  }

  /** The token, or null when {@code token} is null (no token configured: every request is admitted). */
  public static AccessToken ofNullable(String token) {
    return token == null ? null : new AccessToken(token);
  }

  public static AccessToken of(String token) {
    return new AccessToken(Objects.requireNonNull(token, "token"));
  }

  /** Whether the request presents this token. */
  public boolean admits(HttpRequest request) {
    String header = request.headers().get(HttpHeaderNames.AUTHORIZATION);
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
        && MessageDigest.isEqual(token, header.substring(7).trim().getBytes(StandardCharsets.UTF_8))) {
      return true;
    }
    List<String> values = new QueryStringDecoder(request.uri()).parameters().get("token");
    if (values != null) {
      for (String v : values) {
        if (MessageDigest.isEqual(token, v.getBytes(StandardCharsets.UTF_8))) {
          return true;
        }
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "AccessToken[****]";
  }
}
