package dev.reflow.trace.cli;

import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.StorageConfigLoader;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the command line's configuration with {@link StorageConfigLoader}. Precedence, highest
 * first: {@code -D}, system properties, environment variables, the {@code --config} file, and the
 * command line's defaults (backend {@code sqlite} at {@code ./reflow-traces.db}), so that a bare
 * {@code reflow-trace demo} works with nothing configured.
 */
final class ConfigResolver {
  static final Map<String, String> DEFAULTS = Map.of(
      StorageConfig.BACKEND, "sqlite",
      "storage.sqlite.database_path", "./reflow-traces.db");

  private ConfigResolver() {}

  static StorageConfig resolve(CliContext context, Path file, Map<String, String> overrides) {
    for (String key : overrides.keySet()) {
      if (!key.trim().toLowerCase(Locale.ROOT).startsWith(StorageConfig.PREFIX)) {
        throw new CliUsageException("Unknown configuration key -D " + key
            + ": keys start with storage., e.g. -D storage.backend=sqlite");
      }
    }
    StorageConfigLoader.Builder loader = StorageConfigLoader.builder()
        .defaults(DEFAULTS)
        .environment(context.environment())
        .systemProperties(context.systemProperties());
    if (file != null) {
      loader.file(file);
    }
    return loader.build().overriddenBy(StorageConfig.fromMap(overrides));
  }
}
