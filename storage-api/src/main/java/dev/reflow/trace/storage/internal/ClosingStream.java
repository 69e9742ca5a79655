package dev.reflow.trace.storage.internal;

import java.util.Iterator;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** A sequential, ordered stream over an iterator that releases a resource when closed. */
public final class ClosingStream {
  private ClosingStream() {}

  /**
   * The iterator's elements, in order; {@code close} runs when the stream is closed (once; the
   * stream's own close is idempotent).
   */
  public static <T> Stream<T> of(Iterator<T> iterator, Runnable close) {
    Spliterator<T> split = Spliterators.spliteratorUnknownSize(iterator,
        Spliterator.ORDERED | Spliterator.NONNULL);
    return StreamSupport.stream(split, false).onClose(close);
  }
}
