package dev.reflow.trace.storage.mongodb.internal;

import org.bson.BsonReader;
import org.bson.BsonWriter;
import org.bson.codecs.Codec;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.EncoderContext;

/**
 * Lets the driver hand each document of a find's reply straight to {@link TraceDocumentCodec#read}
 * as it reads the reply, instead of building a {@code Document} that is then taken apart. Reads
 * only: traces are written as the {@code RawBsonDocument} {@link TraceDocumentCodec#encode} makes.
 */
final class TraceReadCodec implements Codec<TraceRead> {
  @Override
  public TraceRead decode(BsonReader reader, DecoderContext context) {
    return TraceDocumentCodec.read(reader);
  }

  @Override
  public void encode(BsonWriter writer, TraceRead value, EncoderContext context) {
    throw new UnsupportedOperationException("traces are written as documents from TraceDocumentCodec.encode");
  }

  @Override
  public Class<TraceRead> getEncoderClass() {
    return TraceRead.class;
  }
}
