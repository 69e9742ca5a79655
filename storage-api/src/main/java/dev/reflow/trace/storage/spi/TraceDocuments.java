package dev.reflow.trace.storage.spi;

import dev.reflow.trace.json.TraceJson;
import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.TraceId;
import dev.reflow.trace.storage.StoredTrace;
import dev.reflow.trace.storage.TraceStorageException;
import java.util.Locale;

/**
 * The stored form of a trace, for backends that keep documents: compact Reflow JSON,
 * zstd-compressed when it is longer than a threshold, with the codec recorded next to it so rows
 * written under other settings stay readable. Reflow's own backends compressed above 1024 bytes;
 * measured here, zstd documents doubled PostgreSQL's batch insert rate.
 *
 * <p>A backend writes {@link #encode}'s {@link Encoded#bytes() bytes} and
 * {@link Codec#id() codec id} (in two columns, say) and reads them back with
 * {@link #decode(String, byte[])}, or with {@link #decodeJson(String, byte[])} for
 * {@code TraceStorage.getJson}, which skips parsing. A backend with a document format of its own
 * (MongoDB keeps BSON) can still use {@link #compress} and {@link #decompress}. Every method is
 * thread-safe; zstd contexts are pooled.
 */
public final class TraceDocuments {
  /** Documents longer than this many bytes are compressed by default. */
  public static final int DEFAULT_COMPRESSION_THRESHOLD = 1024;
  /** zstd level 3: zstd's default, a good speed/ratio balance for JSON. */
  private static final int ZSTD_LEVEL = 3;

  private TraceDocuments() {}

  /** How a stored document is encoded; {@link #id()} is what a codec column holds. */
  public enum Codec {
    JSON("json"),
    ZSTD_JSON("zstd+json");

    private final String id;

    Codec(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }

    public static Codec fromId(String id) {
      for (Codec c : values()) {
        if (c.id.equals(id)) {
          return c;
        }
      }
      throw new TraceStorageException("Unknown document codec \"" + id + "\"; this version reads "
          + "json and zstd+json. Was the row written by a newer version?");
    }
  }

  /**
   * An encoded document.
   *
   * @param jsonLength the length of the uncompressed JSON, in bytes
   */
  public record Encoded(Codec codec, byte[] bytes, int jsonLength) {}

  /** Encodes with the given threshold; a negative threshold never compresses. */
  public static Encoded encode(FlowTrace trace, int compressionThreshold) {
    byte[] json = TraceJson.writeBytes(trace);
    return encodeJson(json, compressionThreshold);
  }

  /** Encodes already-written Reflow JSON. */
  public static Encoded encodeJson(byte[] json, int compressionThreshold) {
    if (compressionThreshold >= 0 && json.length > compressionThreshold) {
      byte[] compressed = compress(json);
      if (compressed.length < json.length) {
        return new Encoded(Codec.ZSTD_JSON, compressed, json.length);
      }
    }
    return new Encoded(Codec.JSON, json, json.length);
  }

  /**
   * Encodes the JSON of a {@code storeAllJson} element as {@link #encodeJson(byte[], int)} would,
   * except that the zstd frame it was read from ({@link StoredTrace#zstdFrame()}), when it has one,
   * is stored as it is instead of compressing the JSON again: a copy between two stores that keep
   * zstd documents compresses nothing. The frame is taken only where this threshold would compress
   * and the frame is smaller than the JSON, and only when its recorded content size is the JSON's
   * length (a header read: a frame swapped or modified after the instance was made is not stored).
   */
  public static Encoded encodeJson(StoredTrace stored, int compressionThreshold) {
    byte[] json = stored.json();
    if (compressionThreshold >= 0 && json.length > compressionThreshold && stored.zstdFrame().isPresent()) {
      byte[] frame = stored.zstdFrame().get();
      if (frame.length < json.length && zstd().contentSize(frame) == json.length) {
        return new Encoded(Codec.ZSTD_JSON, frame, json.length);
      }
    }
    return encodeJson(json, compressionThreshold);
  }

  /**
   * A stored document as {@code TraceStorage.streamJson} yields it: the JSON decoded, and a zstd
   * frame kept beside it ({@link StoredTrace#ofZstdFrame}) so that a copy to another store need
   * not compress it again.
   *
   * @param codecId what the codec column holds
   * @throws TraceStorageException when the codec is unknown or a compressed document is corrupt
   */
  public static StoredTrace storedTrace(TraceId traceId, long startTimeMicros, String codecId, byte[] bytes) {
    Codec codec = Codec.fromId(codecId.toLowerCase(Locale.ROOT));
    return codec == Codec.JSON ? new StoredTrace(traceId, startTimeMicros, bytes)
        : StoredTrace.ofZstdFrame(traceId, startTimeMicros, bytes);
  }

  /**
   * The Reflow JSON bytes of a stored document.
   *
   * @throws TraceStorageException when a compressed document is corrupt
   */
  public static byte[] decodeJson(Codec codec, byte[] bytes) {
    return codec == Codec.JSON ? bytes : decompress(bytes);
  }

  /**
   * One zstd frame (level 3) holding {@code data}, its size recorded for {@link #decompress}.
   *
   * @throws IllegalStateException when zstd-jni is not on the class path (see {@link #decompress})
   */
  public static byte[] compress(byte[] data) {
    return zstd().compress(data);
  }

  /**
   * The data of one zstd frame written by {@link #compress}.
   *
   * <p>zstd-jni ({@code com.github.luben:zstd-jni}) is an optional dependency of storage-api: a
   * backend that compresses declares it (the built-in SQLite, PostgreSQL and MongoDB backends do),
   * so that one which stores plain JSON does not carry its native library. Without it, plain
   * {@code json} documents encode and decode as usual and every zstd call throws an
   * {@link IllegalStateException} naming the missing dependency.
   *
   * @throws TraceStorageException when the bytes are not such a frame (corrupt, truncated, or
   *     without a recorded size); the message says which
   * @throws IllegalStateException when zstd-jni is not on the class path
   */
  public static byte[] decompress(byte[] frame) {
    return zstd().decompress(frame);
  }

  /** Whether zstd-jni is on the class path, so that {@link #compress} and {@link #decompress} work. */
  public static boolean zstdAvailable() {
    return ZSTD_AVAILABLE;
  }

  private static final boolean ZSTD_AVAILABLE = zstdOnClassPath();

  private static boolean zstdOnClassPath() {
    try {
      Class.forName("com.github.luben.zstd.ZstdCompressCtx", false, TraceDocuments.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** The zstd codec; its class, the only one naming zstd-jni's types, loads on first use. */
  private static ZstdFrames zstd() {
    if (!ZSTD_AVAILABLE) {
      throw new IllegalStateException("zstd-jni is not on the class path: TraceDocuments needs it to compress "
          + "or decompress a zstd+json document. Add the dependency com.github.luben:zstd-jni (its version is in "
          + "dev.reflow.trace:storage-bom) to the backend, or store documents uncompressed (a negative "
          + "compression threshold).");
    }
    return ZstdFrames.INSTANCE;
  }

  /** Decodes a stored document into a trace. */
  public static FlowTrace decode(Codec codec, byte[] bytes) {
    return TraceJson.read(decodeJson(codec, bytes));
  }

  /** Decodes a stored document whose codec column holds {@code codecId}. */
  public static FlowTrace decode(String codecId, byte[] bytes) {
    return TraceJson.read(decodeJson(codecId, bytes));
  }

  /** The Reflow JSON bytes of a stored document whose codec column holds {@code codecId}. */
  public static byte[] decodeJson(String codecId, byte[] bytes) {
    return decodeJson(Codec.fromId(codecId.toLowerCase(Locale.ROOT)), bytes);
  }

  /** zstd-jni behind one class, so that TraceDocuments loads (and plain JSON works) without it. */
  private static final class ZstdFrames {
    static final ZstdFrames INSTANCE = new ZstdFrames();

    /**
     * zstd contexts are reused: creating one per call (what the one-shot {@code Zstd.compress} and
     * {@code Zstd.decompress} do) cost more than the work itself on 6 KB documents, measured here
     * at 26 µs per compression and 15 µs per decompression. A pool rather than a thread-local, so
     * that many short-lived (virtual) threads do not each keep native memory alive.
     */
    private final ContextPool<com.github.luben.zstd.ZstdCompressCtx> compressors =
        new ContextPool<>(() -> new com.github.luben.zstd.ZstdCompressCtx().setLevel(ZSTD_LEVEL));
    private final ContextPool<com.github.luben.zstd.ZstdDecompressCtx> decompressors =
        new ContextPool<>(com.github.luben.zstd.ZstdDecompressCtx::new);

    byte[] compress(byte[] data) {
      com.github.luben.zstd.ZstdCompressCtx ctx = compressors.borrow();
      // Given back only after success: a context that failed mid-frame is not reused.
      byte[] compressed = ctx.compress(data);
      compressors.giveBack(ctx);
      return compressed;
    }

    /** The content size the frame's header records; negative when it records none or is no frame. */
    long contentSize(byte[] frame) {
      return com.github.luben.zstd.Zstd.getFrameContentSize(frame);
    }

    byte[] decompress(byte[] frame) {
      long size = contentSize(frame);
      if (size < 0 || size > Integer.MAX_VALUE) {
        throw new TraceStorageException("Corrupt zstd document: frame content size " + size);
      }
      com.github.luben.zstd.ZstdDecompressCtx ctx = decompressors.borrow();
      byte[] data;
      try {
        data = ctx.decompress(frame, (int) size);
      } catch (com.github.luben.zstd.ZstdException e) {
        throw new TraceStorageException("Corrupt zstd document: " + e.getMessage(), e);
      }
      decompressors.giveBack(ctx);
      return data;
    }
  }
}
