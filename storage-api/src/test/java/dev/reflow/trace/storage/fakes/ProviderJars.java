package dev.reflow.trace.storage.fakes;

import dev.reflow.trace.storage.spi.TraceStorageProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * Builds real backend-like jars in a temporary directory: a services file naming providers and,
 * for the classes given, their bytecode, so that each provider's code source is its own jar. The
 * loader sees only these jars' services files (the test class path's own registration is hidden),
 * which lets a test decide exactly which providers exist.
 */
public final class ProviderJars {
  public static final String SERVICES = "META-INF/services/" + TraceStorageProvider.class.getName();

  private ProviderJars() {}

  /**
   * A jar registering {@code registered} (class names, which need not exist) and carrying the
   * bytecode of {@code carried}.
   */
  public static Path jar(Path dir, String name, List<String> registered, List<Class<?>> carried) {
    Path jar = dir.resolve(name);
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry(SERVICES));
      out.write((String.join("\n", registered) + "\n").getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
      for (Class<?> type : carried) {
        String resource = type.getName().replace('.', '/') + ".class";
        try (InputStream in = type.getClassLoader().getResourceAsStream(resource)) {
          out.putNextEntry(new JarEntry(resource));
          in.transferTo(out);
          out.closeEntry();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return jar;
  }

  /** A jar carrying and registering these provider classes. */
  public static Path jar(Path dir, String name, Class<?>... providers) {
    List<String> names = new ArrayList<>();
    for (Class<?> p : providers) {
      names.add(p.getName());
    }
    return jar(dir, name, names, List.of(providers));
  }

  /** A loader over these jars whose providers come from the jars themselves. */
  public static ClassLoader loader(Path... jars) {
    URL[] urls = new URL[jars.length];
    Set<String> childFirst = new java.util.HashSet<>();
    for (int i = 0; i < jars.length; i++) {
      try {
        urls[i] = jars[i].toUri().toURL();
      } catch (MalformedURLException e) {
        throw new IllegalArgumentException(e);
      }
      try (var jar = new java.util.jar.JarFile(jars[i].toFile())) {
        jar.stream().map(JarEntry::getName).filter(n -> n.endsWith(".class"))
            .forEach(n -> childFirst.add(n.substring(0, n.length() - 6).replace('/', '.')));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new JarsFirstLoader(urls, childFirst, ProviderJars.class.getClassLoader());
  }

  private static final class JarsFirstLoader extends URLClassLoader {
    private final Set<String> childFirst;

    JarsFirstLoader(URL[] urls, Set<String> childFirst, ClassLoader parent) {
      super(urls, parent);
      this.childFirst = childFirst;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (!childFirst.contains(name)) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> c = findLoadedClass(name);
        if (c == null) {
          c = findClass(name);
        }
        if (resolve) {
          resolveClass(c);
        }
        return c;
      }
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
      // Only the jars' own registrations: the test class path's services file is not inherited.
      return name.startsWith("META-INF/services/") ? findResources(name) : super.getResources(name);
    }
  }
}
