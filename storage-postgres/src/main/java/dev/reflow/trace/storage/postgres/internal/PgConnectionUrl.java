package dev.reflow.trace.storage.postgres.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A PostgreSQL connection URL split into a credential-free JDBC URL and the credentials it carried.
 * Reflow writes libpq URIs ({@code postgresql://user:secret@host:5432/db?sslmode=require}); Java
 * users write JDBC URLs ({@code jdbc:postgresql://host/db?user=u&password=p}). Both are accepted,
 * and the credentials are taken out so that the URL handed to the pool (which logs it) and put in
 * messages never holds a password.
 *
 * @param jdbcUrl {@code jdbc:postgresql://hosts/db?other-params}, without user or password
 * @param user the user from the URL, if any
 * @param password the password from the URL, if any
 */
public record PgConnectionUrl(String jdbcUrl, Optional<String> user, Optional<String> password) {

  /**
   * Parses either form.
   *
   * @throws IllegalArgumentException with a message that never contains the password
   */
  public static PgConnectionUrl parse(String url) {
    String s = url.trim();
    String lower = s.toLowerCase(Locale.ROOT);
    String rest;
    if (lower.startsWith("jdbc:postgresql://")) {
      rest = s.substring("jdbc:postgresql://".length());
    } else if (lower.startsWith("postgresql://")) {
      rest = s.substring("postgresql://".length());
    } else if (lower.startsWith("postgres://")) {
      rest = s.substring("postgres://".length());
    } else {
      throw new IllegalArgumentException(
          "Must start with postgresql://, postgres:// or jdbc:postgresql://");
    }
    String query = null;
    int q = rest.indexOf('?');
    if (q >= 0) {
      query = rest.substring(q + 1);
      rest = rest.substring(0, q);
    }
    int slash = rest.indexOf('/');
    String authority = slash >= 0 ? rest.substring(0, slash) : rest;
    String path = slash >= 0 ? rest.substring(slash) : "/";
    String user = null;
    String password = null;
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      String userInfo = authority.substring(0, at);
      authority = authority.substring(at + 1);
      int colon = userInfo.indexOf(':');
      if (colon >= 0) {
        user = decode(userInfo.substring(0, colon));
        password = decode(userInfo.substring(colon + 1));
      } else {
        user = decode(userInfo);
      }
    }
    checkHosts(authority, slash >= 0 ? rest.substring(slash) : "", query);
    if (authority.isEmpty()) {
      // libpq allows an empty host (Unix socket); the JDBC driver needs one.
      authority = "localhost";
    }
    List<String> kept = new ArrayList<>();
    if (query != null && !query.isEmpty()) {
      for (String param : query.split("&")) {
        if (param.isEmpty()) {
          continue;
        }
        int eq = param.indexOf('=');
        String name = eq >= 0 ? param.substring(0, eq) : param;
        String value = eq >= 0 ? param.substring(eq + 1) : "";
        switch (name.toLowerCase(Locale.ROOT)) {
          case "user" -> user = decode(value);
          case "password" -> password = decode(value);
          default -> kept.add(param);
        }
      }
    }
    StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(authority).append(path);
    if (!kept.isEmpty()) {
      jdbc.append('?').append(String.join("&", kept));
    }
    return new PgConnectionUrl(jdbc.toString(), Optional.ofNullable(user).filter(u -> !u.isEmpty()),
        Optional.ofNullable(password));
  }

  /**
   * Each host of {@code host[:port],host[:port]} must have a numeric port. A password with an
   * unescaped '/', '?' or '#' ends the host part early, which leaves part of the user info where
   * the host should be; the driver would log that text, password included. The message says how
   * to write it and never repeats it.
   */
  private static void checkHosts(String authority, String path, String query) {
    for (String host : authority.split(",", -1)) {
      String port = null;
      if (host.startsWith("[")) {
        int close = host.indexOf(']');
        if (close >= 0 && close + 1 < host.length() && host.charAt(close + 1) == ':') {
          port = host.substring(close + 2);
        }
      } else if (host.indexOf(':') >= 0) {
        port = host.substring(host.indexOf(':') + 1);
      }
      if (port != null && !port.matches("\\d{1,5}")) {
        boolean atLater = path.indexOf('@') >= 0 || (query != null && query.indexOf('@') >= 0);
        throw new IllegalArgumentException(atLater
            ? "The host part is not host[:port]: an unescaped '/', '?' or '#' in the password? "
                + "Percent-encode them (%2F, %3F, %23) or set the password key"
            : "The host part is not host[:port]: the port must be a number");
      }
    }
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      // A literal '%' that is not an escape: keep the text as written.
      return text;
    }
  }

  /** Never shows the password. */
  @Override
  public String toString() {
    return "PgConnectionUrl[" + jdbcUrl + ", user=" + user.orElse("") + ", password="
        + (password.isPresent() ? "****" : "") + "]";
  }
}
