package dev.reflow.trace.storage;

import dev.reflow.trace.storage.spi.TraceStorageProvider;
import java.net.URL;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a {@link TraceStorage}: by discovery, selecting the {@link TraceStorageProvider}
 * registered in {@code META-INF/services} whose name (or alias) equals {@code storage.backend}, or
 * explicitly with a provider instance.
 *
 * <p>Every provider on the class path is instantiated to learn its name (providers are required to
 * be cheap), but only the selected one's {@link TraceStorageProvider#create} runs. Nothing falls
 * back silently: a missing or unknown backend, a known backend whose artifact is absent, two
 * providers claiming one name and a provider that fails to load or start all raise a
 * {@link StorageConfigurationException} that says what exists and what to do.
 */
public final class TraceStorages {
  private static final Logger LOG = LoggerFactory.getLogger(TraceStorages.class);

  /**
   * The backends this project ships, by every name that selects them, so that a name whose jar is
   * absent can be told apart from a typo and the artifact to add can be named.
   */
  private static final Map<String, String> KNOWN_BACKENDS = Map.of(
      "memory", "memory",
      "sqlite", "sqlite",
      "postgres", "postgres",
      "timescale", "timescale",
      "timescaledb", "timescale",
      "mongodb", "mongodb");

  private TraceStorages() {}

  /** Opens the backend configured by system properties and environment variables ({@link StorageConfigLoader#load()}). */
  public static TraceStorage open() {
    return open(StorageConfigLoader.load());
  }

  /** Opens the backend named by {@code storage.backend}, discovered with the context class loader. */
  public static TraceStorage open(StorageConfig config) {
    return open(config, defaultClassLoader());
  }

  /** Opens the backend named by {@code storage.backend}, discovered with {@code loader}. */
  public static TraceStorage open(StorageConfig config, ClassLoader loader) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(loader, "loader");
    List<TraceStorageProvider> found = discover(loader);
    if (config.backend().isEmpty()) {
      throw new StorageConfigurationException(StorageConfig.BACKEND + " is not set. Set it (or "
          + StorageConfig.environmentName(StorageConfig.BACKEND) + ") to one of the available backends: "
          + names(found) + noneFoundHint(found));
    }
    return start(select(config.get(StorageConfig.BACKEND).orElseThrow(), found), config, found);
  }

  /**
   * Opens a storage with this provider, without discovery. When {@code storage.backend} is set it
   * must name this provider: a configuration meant for another backend is an error, not ignored.
   */
  public static TraceStorage open(TraceStorageProvider provider, StorageConfig config) {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(config, "config");
    config.backend().ifPresent(name -> {
      if (!claims(provider, name)) {
        throw new StorageConfigurationException(StorageConfig.BACKEND + " is \""
            + Redaction.redact(config.get(StorageConfig.BACKEND).orElseThrow()) + "\" but the provider given is '"
            + provider.name() + "' (" + provider.getClass().getName() + "). Remove the key or make them agree.");
      }
    });
    return start(provider, config, List.of(provider));
  }

  /** Every provider found with the context class loader, sorted by name. */
  public static List<TraceStorageProvider> providers() {
    return providers(defaultClassLoader());
  }

  /** Every provider found with {@code loader}, sorted by name. */
  public static List<TraceStorageProvider> providers(ClassLoader loader) {
    return List.copyOf(discover(Objects.requireNonNull(loader, "loader")));
  }

  /**
   * The provider selected by a backend name (its {@link TraceStorageProvider#name()} or one of its
   * aliases, in any case), found with the context class loader.
   *
   * @throws StorageConfigurationException with the same messages as {@link #open(StorageConfig)}
   */
  public static TraceStorageProvider provider(String name) {
    return provider(name, defaultClassLoader());
  }

  /** As {@link #provider(String)}, discovering with {@code loader}. */
  public static TraceStorageProvider provider(String name, ClassLoader loader) {
    Objects.requireNonNull(name, "name");
    return select(name, discover(Objects.requireNonNull(loader, "loader")));
  }

  private static TraceStorageProvider select(String requested, List<TraceStorageProvider> found) {
    String name = requested.trim().toLowerCase(Locale.ROOT);
    List<TraceStorageProvider> matching = found.stream().filter(p -> claims(p, name)).collect(Collectors.toList());
    if (matching.size() > 1) {
      throw new StorageConfigurationException(StorageConfig.BACKEND + " \"" + name + "\" is claimed by "
          + matching.size() + " trace storage providers: "
          + matching.stream().map(TraceStorages::describe).collect(Collectors.joining(" and "))
          + ". Keep only one of them on the classpath.");
    }
    if (matching.size() == 1) {
      return matching.get(0);
    }
    String known = KNOWN_BACKENDS.get(name);
    boolean knownButAbsent = known != null && found.stream().noneMatch(p -> claims(p, known));
    if (knownButAbsent) {
      String artifact = "storage-" + known;
      throw new StorageConfigurationException(StorageConfig.BACKEND + " set to \"" + name + "\" but " + artifact
          + " is not on the classpath. Add dev.reflow.trace:" + artifact + ". Available backends: " + names(found));
    }
    throw new StorageConfigurationException("Unrecognized value for " + StorageConfig.BACKEND + ": \""
        + Redaction.redact(requested.trim()) + "\". Available backends: " + names(found) + noneFoundHint(found));
  }

  private static TraceStorage start(TraceStorageProvider provider, StorageConfig config,
      List<TraceStorageProvider> known) {
    LOG.info("Using trace storage backend '{}' ({})", provider.name(), provider.getClass().getName());
    // A typo must not pass unnoticed; a warning, not an error, so that keys of newer versions in
    // a shared Reflow file do not stop older ones. Keys only: values may be secrets.
    unreadKeys(config, known).forEach(LOG::warn);
    TraceStorage storage;
    try {
      storage = provider.create(config);
    } catch (TraceStorageException e) {
      throw e;
    } catch (RuntimeException | LinkageError e) {
      // A bug or a missing dependency inside the backend: keep the cause, but the message goes
      // through redaction because drivers like to echo the connection URL.
      throw new StorageConfigurationException("Trace storage backend '" + provider.name() + "' ("
          + provider.getClass().getName() + ") failed to start: " + Redaction.redact(String.valueOf(e)), e);
    }
    if (storage == null) {
      throw new StorageConfigurationException("Trace storage backend '" + provider.name() + "' ("
          + provider.getClass().getName() + ") returned no storage from create().");
    }
    return storage;
  }

  /**
   * One message per group of keys that no backend reads: a top-level {@code storage.<x>} other
   * than {@code storage.backend}, and the keys of a section {@code storage.<name>.*} whose name is
   * no backend's (neither one this project ships nor one of {@code known}). Keys of another known
   * backend's section are not reported: a shared Reflow file holds every backend's settings.
   */
  static List<String> unreadKeys(StorageConfig config, List<TraceStorageProvider> known) {
    Set<String> backendNames = new TreeSet<>(KNOWN_BACKENDS.keySet());
    for (TraceStorageProvider p : known) {
      backendNames.add(p.name().toLowerCase(Locale.ROOT));
      if (p.aliases() != null) {
        p.aliases().stream().filter(Objects::nonNull).map(a -> a.toLowerCase(Locale.ROOT)).forEach(backendNames::add);
      }
    }
    String backendKey = StorageConfig.BACKEND.substring(StorageConfig.PREFIX.length());
    List<String> messages = new ArrayList<>();
    Map<String, List<String>> unknownSections = new TreeMap<>();
    for (String key : config.asMap().keySet()) {
      String rest = key.substring(StorageConfig.PREFIX.length());
      int dot = rest.indexOf('.');
      if (dot < 0) {
        if (!rest.equals(backendKey)) {
          messages.add("Ignoring unknown configuration key " + key + suggestion(rest, Set.of(backendKey), "storage.")
              + " (environment variable " + StorageConfig.environmentName(key) + "): the only top-level key is "
              + StorageConfig.BACKEND + "; a backend's settings are storage.<backend>.<key>");
        }
      } else if (!backendNames.contains(rest.substring(0, dot))) {
        unknownSections.computeIfAbsent(rest.substring(0, dot), s -> new ArrayList<>()).add(key);
      }
    }
    unknownSections.forEach((section, keys) -> messages.add("Ignoring configuration " + (keys.size() == 1 ? "key " : "keys ")
        + String.join(", ", keys) + ": no backend is named '" + section + "'" + suggestion(section, backendNames, "")
        + ". Backend sections are storage.<backend>. for " + backendNames));
    return messages;
  }

  // " (did you mean storage.backend?)" when one candidate is at most two edits away.
  private static String suggestion(String typed, Set<String> candidates, String prefix) {
    return candidates.stream().filter(c -> editDistance(typed, c) <= 2).sorted().findFirst()
        .map(c -> " (did you mean " + prefix + c + "?)").orElse("");
  }

  private static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  // ServiceLoader.stream() resolves each provider class lazily; get() runs the no-arg constructor,
  // which the SPI requires to be cheap. create() is never called here.
  private static List<TraceStorageProvider> discover(ClassLoader loader) {
    List<TraceStorageProvider> found = new ArrayList<>();
    Iterator<ServiceLoader.Provider<TraceStorageProvider>> it =
        ServiceLoader.load(TraceStorageProvider.class, loader).stream().iterator();
    while (true) {
      ServiceLoader.Provider<TraceStorageProvider> candidate;
      try {
        if (!it.hasNext()) {
          break;
        }
        candidate = it.next();
      } catch (ServiceConfigurationError e) {
        throw loadFailure("a trace storage provider", e);
      }
      TraceStorageProvider provider;
      try {
        provider = candidate.get();
        checkName(provider);
      } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
        throw loadFailure(candidate.type().getName() + " (" + location(candidate.type()) + ")", e);
      }
      found.add(provider);
    }
    found.sort(Comparator.comparing(p -> p.name().toLowerCase(Locale.ROOT)));
    return found;
  }

  private static void checkName(TraceStorageProvider provider) {
    String name = provider.name();
    if (name == null || name.isBlank()) {
      throw new IllegalStateException("name() returned " + (name == null ? "null" : "a blank name"));
    }
  }

  private static StorageConfigurationException loadFailure(String what, Throwable e) {
    return new StorageConfigurationException("Failed to load " + what + " listed in META-INF/services/"
        + TraceStorageProvider.class.getName() + ": " + Redaction.redact(String.valueOf(e.getMessage()))
        + ". Fix or remove the jar that registers it.", e);
  }

  private static boolean claims(TraceStorageProvider provider, String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    if (provider.name().toLowerCase(Locale.ROOT).equals(n)) {
      return true;
    }
    Set<String> aliases = provider.aliases();
    return aliases != null && aliases.stream().anyMatch(a -> a != null && a.toLowerCase(Locale.ROOT).equals(n));
  }

  private static String names(List<TraceStorageProvider> found) {
    return found.stream().map(p -> p.name().toLowerCase(Locale.ROOT))
        .collect(Collectors.toCollection(TreeSet::new)).toString();
  }

  private static String noneFoundHint(List<TraceStorageProvider> found) {
    return found.isEmpty()
        ? " (no backend is on the classpath: add one, for example dev.reflow.trace:storage-sqlite)"
        : "";
  }

  private static String describe(TraceStorageProvider provider) {
    return provider.getClass().getName() + " (" + location(provider.getClass()) + ")";
  }

  private static String location(Class<?> type) {
    try {
      CodeSource source = type.getProtectionDomain().getCodeSource();
      URL url = source == null ? null : source.getLocation();
      return url == null ? "unknown location" : url.toString();
    } catch (SecurityException e) {
      return "unknown location";
    }
  }

  private static ClassLoader defaultClassLoader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : TraceStorages.class.getClassLoader();
  }
}
