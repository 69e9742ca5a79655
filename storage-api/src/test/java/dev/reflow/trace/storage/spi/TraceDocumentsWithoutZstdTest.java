package dev.reflow.trace.storage.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * zstd-jni is an optional dependency of storage-api: TraceDocuments, loaded where zstd-jni is
 * absent, still encodes plain JSON, and a zstd call names the missing dependency.
 */
class TraceDocumentsWithoutZstdTest {
  /** storage-api's classes and Jackson's jars, without zstd-jni. */
  private static ClassLoader withoutZstd() throws Exception {
    List<URL> urls = new ArrayList<>();
    for (Class<?> c : List.of(TraceDocuments.class, com.fasterxml.jackson.core.JsonFactory.class,
        com.fasterxml.jackson.databind.ObjectMapper.class, com.fasterxml.jackson.annotation.JsonProperty.class)) {
      URL location = c.getProtectionDomain().getCodeSource().getLocation();
      if (!urls.contains(location)) {
        urls.add(location);
      }
    }
    assertThat(urls).noneMatch(u -> u.toString().contains("zstd"));
    return new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
  }

  @Test
  @DisplayName("Without zstd-jni, plain JSON documents work and compress fails naming the dependency")
  void withoutZstd_plainJsonWorks_compressNamesTheDependency() throws Exception {
    ClassLoader loader = withoutZstd();
    assertThatThrownBy(() -> Class.forName("com.github.luben.zstd.ZstdCompressCtx", false, loader))
        .isInstanceOf(ClassNotFoundException.class);
    Class<?> documents = Class.forName(TraceDocuments.class.getName(), true, loader);
    assertThat(documents.getMethod("zstdAvailable").invoke(null)).isEqualTo(false);

    byte[] json = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
    Object encoded = documents.getMethod("encodeJson", byte[].class, int.class).invoke(null, json, -1);
    assertThat(encoded.getClass().getMethod("codec").invoke(encoded)).hasToString("JSON");
    Method decodeJson = documents.getMethod("decodeJson", String.class, byte[].class);
    assertThat((byte[]) decodeJson.invoke(null, "json", json)).isEqualTo(json);

    Method compress = documents.getMethod("compress", byte[].class);
    assertThatThrownBy(() -> invoke(compress, json))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("zstd-jni is not on the class path")
        .hasMessageContaining("com.github.luben:zstd-jni");
    assertThatThrownBy(() -> invoke(decodeJson, "zstd+json", json))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("zstd-jni is not on the class path");
  }

  @Test
  @DisplayName("With zstd-jni, as the built-in backends have it, compression is available")
  void withZstd_available() {
    assertThat(TraceDocuments.zstdAvailable()).isTrue();
    byte[] data = "x".repeat(5_000).getBytes(StandardCharsets.UTF_8);
    assertThat(TraceDocuments.decompress(TraceDocuments.compress(data))).isEqualTo(data);
  }

  private static Object invoke(Method m, Object... args) throws Throwable {
    try {
      return m.invoke(null, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
