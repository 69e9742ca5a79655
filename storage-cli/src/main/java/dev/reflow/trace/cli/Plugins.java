package dev.reflow.trace.cli;

import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.StorageConfigurationException;
import dev.reflow.trace.storage.spi.TraceStorageProvider;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Backend jars from outside the command line's own jar: every entry of {@code
 * REFLOW_TRACE_CLASSPATH} (a path list; a directory means every jar in it) and every jar in the
 * plugins directory ({@code storage.plugins_dir}, default {@code ~/.reflow-trace/plugins}). One
 * class loader over all of them (a backend jar and its driver jar must see each other), child of
 * the command line's own, discovers their providers.
 *
 * <p>A jar that cannot be used is named, with where it came from, in one line: an error, because
 * a backend that silently does not load would show up later as "unknown backend".
 */
final class Plugins {
  /** The environment variable with extra jars (or directories of jars), separated like a class path. */
  static final String CLASSPATH_VARIABLE = "REFLOW_TRACE_CLASSPATH";
  /** The configuration key of the plugins directory. */
  static final String PLUGINS_DIR = "storage.plugins_dir";

  private static final String SERVICE_FILE = "META-INF/services/" + TraceStorageProvider.class.getName();

  /** A plugin jar and how it was found ({@code REFLOW_TRACE_CLASSPATH} or {@code storage.plugins_dir}). */
  record Jar(Path path, String origin) {
    @Override
    public String toString() {
      return path + " (from " + origin + ")";
    }
  }

  private final List<Jar> jars;
  private final ClassLoader loader;

  private Plugins(List<Jar> jars, ClassLoader loader) {
    this.jars = List.copyOf(jars);
    this.loader = loader;
  }

  /**
   * Finds the plugin jars for this configuration and environment; {@code systemProperties} gives
   * {@code user.home} for the default plugins directory.
   *
   * @throws StorageConfigurationException naming the jar that cannot be used and where it came from
   */
  static Plugins find(StorageConfig config, Map<String, String> environment, Map<String, String> systemProperties,
      ClassLoader parent) {
    List<Jar> jars = new ArrayList<>();
    String classpath = environment.getOrDefault(CLASSPATH_VARIABLE, "");
    for (String entry : classpath.split(File.pathSeparator)) {
      if (!entry.isBlank()) {
        addEntry(Path.of(entry.strip()), CLASSPATH_VARIABLE, jars);
      }
    }
    Optional<String> configured = config.get(PLUGINS_DIR).filter(s -> !s.isBlank());
    Path dir = configured.map(Path::of).orElseGet(() -> defaultPluginsDir(systemProperties));
    if (dir != null && (configured.isPresent() || Files.isDirectory(dir))) {
      if (!Files.isDirectory(dir)) {
        throw new StorageConfigurationException(PLUGINS_DIR + " is " + dir + ", which is not a directory. "
            + "Create it, or point " + PLUGINS_DIR + " at the directory that holds your backend jars.");
      }
      addJarsIn(dir, PLUGINS_DIR, jars);
    }
    if (jars.isEmpty()) {
      return new Plugins(jars, parent);
    }
    URL[] urls = new URL[jars.size()];
    for (int i = 0; i < urls.length; i++) {
      urls[i] = url(jars.get(i));
    }
    URLClassLoader loader = new URLClassLoader("reflow-trace-plugins", urls, parent);
    for (Jar jar : jars) {
      checkProviders(jar, loader);
    }
    return new Plugins(jars, loader);
  }

  /** The plugins directory when {@code storage.plugins_dir} is not set: {@code ~/.reflow-trace/plugins}. */
  static Path defaultPluginsDir(Map<String, String> systemProperties) {
    String home = systemProperties.get("user.home");
    return home == null || home.isBlank() ? null : Path.of(home, ".reflow-trace", "plugins");
  }

  /** The class loader to discover providers with: the command line's own when there are no plugins. */
  ClassLoader loader() {
    return loader;
  }

  List<Jar> jars() {
    return jars;
  }

  /** The plugin jar a provider came from; empty when it is built into the command line. */
  Optional<Jar> source(TraceStorageProvider provider) {
    Class<?> type = provider.getClass();
    if (jars.isEmpty() || type.getClassLoader() != loader) {
      return Optional.empty();
    }
    Path location = location(type);
    return jars.stream().filter(j -> location != null && sameFile(j.path(), location)).findFirst();
  }

  private static void addEntry(Path entry, String origin, List<Jar> jars) {
    if (Files.isDirectory(entry)) {
      addJarsIn(entry, origin, jars);
    } else if (Files.isRegularFile(entry)) {
      jars.add(checkedJar(new Jar(entry.toAbsolutePath().normalize(), origin)));
    } else {
      throw new StorageConfigurationException("Plugin jar " + entry + " (from " + origin
          + ") does not exist. Fix or remove the entry.");
    }
  }

  private static void addJarsIn(Path dir, String origin, List<Jar> jars) {
    try (Stream<Path> files = Files.list(dir)) {
      files.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p)).sorted()
          .forEach(p -> jars.add(checkedJar(new Jar(p.toAbsolutePath().normalize(), origin))));
    } catch (IOException e) {
      throw new StorageConfigurationException("Cannot list the plugin directory " + dir + " (from " + origin + "): " + e, e);
    }
  }

  /** Opens the jar once, so that a damaged file is named here rather than deep in class loading. */
  private static Jar checkedJar(Jar jar) {
    try (JarFile file = new JarFile(jar.path().toFile())) {
      file.getManifest();
      return jar;
    } catch (IOException | SecurityException e) {
      throw new StorageConfigurationException("Plugin jar " + jar + " cannot be read as a jar: " + e.getMessage()
          + ". Fix or remove it.", e);
    }
  }

  /** Loads (without initialising) every provider class the jar registers, naming the jar on failure. */
  private static void checkProviders(Jar jar, ClassLoader loader) {
    List<String> classes = new ArrayList<>();
    try (JarFile file = new JarFile(jar.path().toFile())) {
      JarEntry services = file.getJarEntry(SERVICE_FILE);
      if (services == null) {
        return;
      }
      try (BufferedReader r = new BufferedReader(new InputStreamReader(file.getInputStream(services), StandardCharsets.UTF_8))) {
        r.lines().map(l -> l.replaceFirst("#.*", "").strip()).filter(l -> !l.isEmpty()).forEach(classes::add);
      }
    } catch (IOException e) {
      throw new StorageConfigurationException("Plugin jar " + jar + " cannot be read as a jar: " + e.getMessage()
          + ". Fix or remove it.", e);
    }
    for (String name : classes) {
      try {
        Class<?> type = Class.forName(name, false, loader);
        if (!TraceStorageProvider.class.isAssignableFrom(type)) {
          throw new StorageConfigurationException("Plugin jar " + jar + " registers " + name + " as a trace storage "
              + "provider, but it does not implement " + TraceStorageProvider.class.getName() + ". Fix or remove the jar.");
        }
      } catch (ClassNotFoundException | LinkageError e) {
        throw new StorageConfigurationException("Plugin jar " + jar + " registers the trace storage provider " + name
            + ", which cannot be loaded: " + e + ". Add the jars it needs (its driver, for example) to "
            + CLASSPATH_VARIABLE + " or the plugins directory, or remove it.", e);
      }
    }
  }

  private static URL url(Jar jar) {
    try {
      return jar.path().toUri().toURL();
    } catch (MalformedURLException e) {
      throw new StorageConfigurationException("Plugin jar " + jar + " has no usable URL: " + e.getMessage(), e);
    }
  }

  private static Path location(Class<?> type) {
    try {
      CodeSource source = type.getProtectionDomain().getCodeSource();
      return source == null || source.getLocation() == null ? null : Path.of(source.getLocation().toURI());
    } catch (java.net.URISyntaxException | IllegalArgumentException | java.nio.file.FileSystemNotFoundException
        | SecurityException e) {
      return null;
    }
  }

  private static boolean sameFile(Path a, Path b) {
    try {
      return Files.isSameFile(a, b);
    } catch (IOException e) {
      return a.equals(b);
    }
  }
}
