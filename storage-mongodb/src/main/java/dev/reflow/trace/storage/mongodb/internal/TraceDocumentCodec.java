package dev.reflow.trace.storage.mongodb.internal;

import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.TraceEvent;
import dev.reflow.trace.storage.TraceStorageException;
import dev.reflow.trace.storage.spi.TraceDocuments;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;
import org.bson.BSONException;
import org.bson.BsonArray;
import org.bson.BsonBinary;
import org.bson.BsonBinaryReader;
import org.bson.BsonBinaryWriter;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonReader;
import org.bson.BsonReaderMark;
import org.bson.BsonString;
import org.bson.BsonType;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.codecs.BsonValueCodec;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.EncoderContext;
import org.bson.io.BasicOutputBuffer;

/**
 * The stored document of one trace: top-level fields for every query filter and the sort, then
 * the trace itself, either readable ({@code trace}, see {@link TraceBson}) or, when the readable
 * document would not fit, zstd-compressed BSON of that same sub-document ({@code trace_zstd},
 * with {@code trace_codec: "zstd+bson"}). Compressing the BSON rather than Reflow's JSON keeps a
 * single mapping, and byte arrays stay one byte per byte instead of JSON's {@code [12,34,…]}.
 */
public final class TraceDocumentCodec {
  public static final String ID = "_id";
  public static final String SCHEMA = "schema";
  public static final String FLOW_ID = "flow_id";
  public static final String EXECUTION_ID = "execution_id";
  public static final String STATUS = "status";
  public static final String START_TIME = "start_time";
  public static final String START_US = "start_us";
  public static final String END_TIME = "end_time";
  public static final String EVENT_COUNT = "event_count";
  public static final String ACTORS = "actors";
  public static final String SIZE = "size";
  public static final String TRACE = "trace";
  public static final String TRACE_ZSTD = "trace_zstd";
  public static final String TRACE_CODEC = "trace_codec";

  /** The version of this document layout; a reader refuses documents from a newer layout. */
  public static final int SCHEMA_VERSION = 1;
  /** {@code trace_codec} of a compressed trace. */
  public static final String CODEC_ZSTD_BSON = "zstd+bson";
  /** MongoDB's {@code maxBsonObjectSize}, used when the server does not report its own. */
  public static final int MONGODB_MAX_DOCUMENT_SIZE = 16 * 1024 * 1024;

  /** Reads an {@code _id} that is not a string, for the message about its document. */
  private static final BsonValueCodec ANY_VALUE = new BsonValueCodec();

  private TraceDocumentCodec() {}

  /**
   * One encoded trace, ready to write.
   *
   * @param traceSize bytes of the readable {@code trace} sub-document
   * @param documentSize bytes of the whole document as written
   */
  public record Encoded(String id, RawBsonDocument document, boolean compressed, int traceSize, int documentSize) {}

  /**
   * Encodes a trace.
   *
   * @param compressionThreshold store {@code trace} compressed when its BSON is larger than this;
   *     negative to compress only when the readable document would not fit
   * @param maxDocumentSize the server's limit on one document
   * @throws DocumentTooLargeException when even the compressed document does not fit
   */
  public static Encoded encode(FlowTrace trace, long compressionThreshold, int maxDocumentSize) {
    byte[] traceBytes = bytes(TraceBson.encode(trace));
    BsonDocument header = header(trace, traceBytes.length);
    boolean compress = compressionThreshold >= 0 && traceBytes.length > compressionThreshold;
    if (!compress) {
      byte[] doc = bytes(header.clone().append(TRACE, new RawBsonDocument(traceBytes)));
      if (doc.length <= maxDocumentSize) {
        return new Encoded(trace.traceId().toString(), new RawBsonDocument(doc), false, traceBytes.length, doc.length);
      }
    }
    byte[] zstd = TraceDocuments.compress(traceBytes);
    byte[] doc = bytes(header
        .append(TRACE_CODEC, new BsonString(CODEC_ZSTD_BSON))
        .append(TRACE_ZSTD, new BsonBinary(zstd)));
    if (doc.length > maxDocumentSize) {
      throw new DocumentTooLargeException(trace.traceId().toString(), traceBytes.length, doc.length, maxDocumentSize);
    }
    return new Encoded(trace.traceId().toString(), new RawBsonDocument(doc), true, traceBytes.length, doc.length);
  }

  private static BsonDocument header(FlowTrace t, int traceSize) {
    long startMicros = t.startTime().epochMicros();
    Set<String> actors = new LinkedHashSet<>();
    for (TraceEvent e : t.events()) {
      actors.add(e.actorId());
    }
    BsonArray actorArray = new BsonArray(new ArrayList<>(actors.size()));
    actors.forEach(a -> actorArray.add(new BsonString(a)));
    return new BsonDocument()
        // The lowercase hyphenated string: MongoDB orders strings bytewise, which for these is
        // the normative trace-id order, and people can paste the id they see in Reflow's logs.
        .append(ID, new BsonString(t.traceId().toString()))
        .append(SCHEMA, new BsonInt32(SCHEMA_VERSION))
        .append(FLOW_ID, new BsonString(t.flowId().value()))
        .append(EXECUTION_ID, new BsonString(t.executionId().toString()))
        .append(STATUS, new BsonString(t.status().variantName()))
        // A BSON date has milliseconds: it serves the TTL index and people; start_us is exact.
        .append(START_TIME, new BsonDateTime(Math.floorDiv(startMicros, 1000L)))
        .append(START_US, new BsonInt64(startMicros))
        .append(END_TIME, t.endTime() == null
            ? BsonNull.VALUE
            : new BsonDateTime(Math.floorDiv(t.endTime().epochMicros(), 1000L)))
        .append(EVENT_COUNT, new BsonInt32(t.events().size()))
        .append(ACTORS, actorArray)
        .append(SIZE, new BsonInt64(traceSize));
  }

  static byte[] bytes(BsonDocument doc) {
    BasicOutputBuffer buffer = new BasicOutputBuffer();
    try (BsonBinaryWriter writer = new BsonBinaryWriter(buffer)) {
      new BsonDocumentCodec().encode(writer, doc, EncoderContext.builder().build());
    }
    return buffer.toByteArray();
  }

  /**
   * Reads a stored document (readable or compressed) from the value the reader is positioned on,
   * straight from the bytes into the model: no {@code Document} is built. Never throws for a
   * document that does not decode: the reader then still ends after the document (so a driver
   * reading a batch can go on to the next one) and the result carries the error.
   */
  public static TraceRead read(BsonReader r) {
    r.readStartDocument();
    String id = null;
    Integer schema = null;
    BsonType codecType = null;
    String codec = null;
    byte[] zstd = null;
    boolean traceSeen = false;
    FlowTrace trace = null;
    CorruptDocumentException traceError = null;
    while (r.readBsonType() != BsonType.END_OF_DOCUMENT) {
      switch (r.readName()) {
        case ID -> id = r.getCurrentBsonType() == BsonType.STRING
            ? r.readString()
            : String.valueOf(ANY_VALUE.decode(r, DecoderContext.builder().build()));
        case SCHEMA -> schema = readIntOrNull(r);
        case TRACE_CODEC -> {
          codecType = r.getCurrentBsonType();
          codec = codecType == BsonType.STRING ? r.readString() : null;
          if (codec == null) {
            r.skipValue();
          }
        }
        case TRACE_ZSTD -> {
          zstd = r.getCurrentBsonType() == BsonType.BINARY ? r.readBinaryData().getData() : null;
          if (zstd == null) {
            r.skipValue();
          }
        }
        case TRACE -> {
          // Read in place; should it fail half-way, rewind and step over it as a whole.
          BsonReaderMark start = r.getMark();
          traceSeen = true;
          try {
            trace = TraceBson.read(r, BsonPath.root(TRACE));
            traceError = null;
          } catch (CorruptDocumentException e) {
            start.reset();
            r.skipValue();
            trace = null;
            traceError = e;
          }
        }
        default -> r.skipValue();
      }
    }
    r.readEndDocument();
    try {
      return new TraceRead(id, trace(schema, codecType, codec, zstd, traceSeen, trace, traceError), null);
    } catch (CorruptDocumentException e) {
      return new TraceRead(id, null, e);
    }
  }

  /** The trace the fields of a stored document give, checked in the order a reader must. */
  private static FlowTrace trace(Integer schema, BsonType codecType, String codec, byte[] zstd,
      boolean traceSeen, FlowTrace trace, CorruptDocumentException traceError) {
    if (schema != null && schema > SCHEMA_VERSION) {
      throw new CorruptDocumentException(SCHEMA, "document layout " + schema
          + " is newer than this version reads (" + SCHEMA_VERSION + "); upgrade storage-mongodb");
    }
    if (codecType == null || codecType == BsonType.NULL) {
      if (traceError != null) {
        throw traceError;
      }
      if (!traceSeen) {
        throw new CorruptDocumentException(TRACE, "expected a document, got nothing");
      }
      return trace;
    }
    if (!CODEC_ZSTD_BSON.equals(codec)) {
      throw new CorruptDocumentException(TRACE_CODEC, "unknown codec "
          + (codec == null ? codecType.toString() : "\"" + codec + "\"") + "; this version reads " + CODEC_ZSTD_BSON);
    }
    if (zstd == null) {
      throw new CorruptDocumentException(TRACE_ZSTD, "expected binary data");
    }
    byte[] bson;
    try {
      bson = TraceDocuments.decompress(zstd);
    } catch (TraceStorageException e) {
      throw new CorruptDocumentException(TRACE_ZSTD, e.getMessage(), e);
    }
    try (BsonBinaryReader inner = new BsonBinaryReader(ByteBuffer.wrap(bson))) {
      inner.readBsonType(); // positions a fresh reader on its top-level document
      return TraceBson.read(inner, BsonPath.root(TRACE_ZSTD));
    } catch (BSONException e) {
      throw new CorruptDocumentException(TRACE_ZSTD, "not a BSON document after decompression: " + e.getMessage(), e);
    }
  }

  /** A number as an int, as {@code BsonValue.asNumber().intValue()} gives it; null for anything else. */
  private static Integer readIntOrNull(BsonReader r) {
    switch (r.getCurrentBsonType()) {
      case INT32:
        return r.readInt32();
      case INT64:
        return (int) r.readInt64();
      case DOUBLE:
        return (int) r.readDouble();
      case DECIMAL128:
        return r.readDecimal128().intValue();
      default:
        r.skipValue();
        return null;
    }
  }

  /** Even the compressed form of a trace is larger than one MongoDB document may be. */
  public static final class DocumentTooLargeException extends RuntimeException {
    public DocumentTooLargeException(String id, int traceSize, int compressedDocumentSize, int limit) {
      super("Trace " + id + " does not fit in one MongoDB document: " + traceSize + " bytes as BSON, "
          + compressedDocumentSize + " bytes as a zstd-compressed document, but MongoDB's limit "
          + "(maxBsonObjectSize) is " + limit + " bytes");
    }
  }
}
