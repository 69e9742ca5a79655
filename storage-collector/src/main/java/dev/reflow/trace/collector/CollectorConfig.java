package dev.reflow.trace.collector;

import dev.reflow.trace.storage.Durations;
import dev.reflow.trace.storage.StorageConfigurationException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The collector's settings: Reflow's {@code [server]} table ({@code host}, {@code port},
 * {@code max_connections}) and this collector's additions. Build with {@link #builder()} or read
 * {@code server.*} keys with {@link #fromMap(Map)}; see {@code docs/collector.md} for the table.
 *
 * @param host address to bind; {@code 127.0.0.1} unless set ({@code 0.0.0.0} binds all interfaces)
 * @param port TCP port; 0 picks a free one (tests)
 * @param maxConnections connections accepted at once; more are refused with HTTP 503
 * @param onDisconnect what a closed connection does to the traces it started
 * @param idleTimeout an in-flight trace with no request for this long is finalized
 * @param maxInFlightBytes bound on the JSON held for traces not yet stored
 * @param subscriberQueue notifications queued per slow subscriber before the oldest are dropped
 * @param authToken required from clients when set (Bearer header or {@code token} query parameter)
 * @param journal whether acknowledged in-flight state is journaled to disk before the reply
 * @param journalPath the journal directory, or null for the default per bind address and port
 */
public record CollectorConfig(
    String host,
    int port,
    int maxConnections,
    OnDisconnect onDisconnect,
    Duration idleTimeout,
    long maxInFlightBytes,
    int subscriberQueue,
    String authToken,
    boolean journal,
    Path journalPath) {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8080;

  public CollectorConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(onDisconnect, "onDisconnect");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    if (port < 0 || port > 65535) {
      throw invalid("port", Integer.toString(port), "a TCP port 0-65535");
    }
    if (maxConnections < 1) {
      throw invalid("max_connections", Integer.toString(maxConnections), "a positive integer");
    }
    if (idleTimeout.isZero() || idleTimeout.isNegative()) {
      throw invalid("idle_timeout", idleTimeout.toString(), "a positive duration such as 10m");
    }
    if (maxInFlightBytes < 1024) {
      throw invalid("max_in_flight_bytes", Long.toString(maxInFlightBytes), "at least 1024 bytes");
    }
    if (subscriberQueue < 1) {
      throw invalid("subscriber_queue", Integer.toString(subscriberQueue), "a positive integer");
    }
    if (authToken != null && authToken.isEmpty()) {
      authToken = null;
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.host = host;
    b.port = port;
    b.maxConnections = maxConnections;
    b.onDisconnect = onDisconnect;
    b.idleTimeout = idleTimeout;
    b.maxInFlightBytes = maxInFlightBytes;
    b.subscriberQueue = subscriberQueue;
    b.authToken = authToken;
    b.journal = journal;
    b.journalPath = journalPath;
    return b;
  }

  /**
   * Settings from {@code server.*} keys (Reflow's {@code [server]} table flattened), defaults for
   * the rest. Unknown {@code server.*} keys are ignored, as Reflow's serde ignores them.
   *
   * @throws StorageConfigurationException naming the key and value that are invalid
   */
  public static CollectorConfig fromMap(Map<String, String> keys) {
    Builder b = builder();
    for (Map.Entry<String, String> e : keys.entrySet()) {
      String key = e.getKey().trim().toLowerCase(Locale.ROOT);
      String value = e.getValue() == null ? "" : e.getValue().trim();
      if (!key.startsWith("server.")) {
        continue;
      }
      String name = key.substring("server.".length());
      switch (name) {
        case "host" -> b.host(value);
        case "port" -> b.port(integer(name, value));
        case "max_connections" -> b.maxConnections(integer(name, value));
        case "on_disconnect" -> {
          try {
            b.onDisconnect(OnDisconnect.parse(value));
          } catch (IllegalArgumentException ex) {
            throw invalid(name, value, "failed, completed or keep");
          }
        }
        case "idle_timeout" -> {
          try {
            b.idleTimeout(Durations.parse(value));
          } catch (IllegalArgumentException ex) {
            throw invalid(name, value, "a duration such as 600 (seconds), 10m or PT10M");
          }
        }
        case "max_in_flight_bytes" -> b.maxInFlightBytes(bytes(name, value));
        case "subscriber_queue" -> b.subscriberQueue(integer(name, value));
        case "auth_token" -> b.authToken(value);
        case "journal" -> b.journal(switch (value.toLowerCase(Locale.ROOT)) {
          case "on", "true" -> true;
          case "off", "false" -> false;
          default -> throw invalid(name, value, "on or off");
        });
        case "journal_path" -> b.journalPath(value.isEmpty() ? null : Path.of(value));
        default -> { }
      }
    }
    return b.build();
  }

  /** The journal directory: {@link #journalPath} or the default for this bind address and port. */
  public Path resolvedJournalPath(Map<String, String> environment) {
    if (journalPath != null) {
      return journalPath;
    }
    String state = environment.get("XDG_STATE_HOME");
    Path base = state != null && !state.isBlank()
        ? Path.of(state)
        : Path.of(System.getProperty("user.home"), ".local", "state");
    String name = "journal-" + host.replaceAll("[^A-Za-z0-9.-]", "_") + "-" + port;
    return base.resolve("reflow-trace").resolve(name);
  }

  /** Never shows the token. */
  @Override
  public String toString() {
    return "CollectorConfig[host=" + host + ", port=" + port + ", max_connections=" + maxConnections
        + ", on_disconnect=" + onDisconnect.name().toLowerCase(Locale.ROOT) + ", idle_timeout=" + idleTimeout
        + ", max_in_flight_bytes=" + maxInFlightBytes + ", subscriber_queue=" + subscriberQueue
        + ", auth_token=" + (authToken == null ? "(none)" : "****") + ", journal=" + (journal ? "on" : "off")
        + ", journal_path=" + (journalPath == null ? "(default)" : journalPath) + "]";
  }

  private static int integer(String name, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw invalid(name, value, "an integer");
    }
  }

  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|kib|mib|gib|kb|mb|gb)?");

  private static long bytes(String name, String value) {
    Matcher m = SIZE.matcher(value.toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw invalid(name, value, "a number of bytes, optionally with KiB, MiB or GiB");
    }
    long unit = switch (m.group(2) == null ? "b" : m.group(2)) {
      case "kib", "kb" -> 1L << 10;
      case "mib", "mb" -> 1L << 20;
      case "gib", "gb" -> 1L << 30;
      default -> 1L;
    };
    try {
      return Math.multiplyExact(Long.parseLong(m.group(1)), unit);
    } catch (ArithmeticException | NumberFormatException e) {
      throw invalid(name, value, "a number of bytes that fits in 63 bits");
    }
  }

  private static StorageConfigurationException invalid(String name, String value, String expectation) {
    String shown = name.equals("auth_token") ? "****" : value;
    return new StorageConfigurationException("Invalid value for server." + name + "=" + shown + ". Must be " + expectation + ".");
  }

  /** Builds a {@link CollectorConfig}; every setting starts at its default. */
  public static final class Builder {
    private String host = DEFAULT_HOST;
    private int port = DEFAULT_PORT;
    private int maxConnections = 1000;
    private OnDisconnect onDisconnect = OnDisconnect.FAILED;
    private Duration idleTimeout = Duration.ofMinutes(10);
    private long maxInFlightBytes = 256L << 20;
    private int subscriberQueue = 1024;
    private String authToken;
    private boolean journal = true;
    private Path journalPath;

    private Builder() {}

    public Builder host(String value) {
      this.host = value;
      return this;
    }

    public Builder port(int value) {
      this.port = value;
      return this;
    }

    public Builder maxConnections(int value) {
      this.maxConnections = value;
      return this;
    }

    public Builder onDisconnect(OnDisconnect value) {
      this.onDisconnect = value;
      return this;
    }

    public Builder idleTimeout(Duration value) {
      this.idleTimeout = value;
      return this;
    }

    public Builder maxInFlightBytes(long value) {
      this.maxInFlightBytes = value;
      return this;
    }

    public Builder subscriberQueue(int value) {
      this.subscriberQueue = value;
      return this;
    }

    public Builder authToken(String value) {
      this.authToken = value;
      return this;
    }

    public Builder journal(boolean value) {
      this.journal = value;
      return this;
    }

    public Builder journalPath(Path value) {
      this.journalPath = value;
      return this;
    }

    public CollectorConfig build() {
      return new CollectorConfig(host, port, maxConnections, onDisconnect, idleTimeout, maxInFlightBytes,
          subscriberQueue, authToken, journal, journalPath);
    }
  }
}
