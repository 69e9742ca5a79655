package dev.reflow.trace.storage.spi;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The stream a backend returns from {@code TraceStorage.stream}: sequential and ordered over a
 * cursor, releasing the cursor's resources (result set, statement, connection) exactly once: when
 * the stream is closed, when the cursor is exhausted, or when reading it fails. So a caller that
 * reads to the end without closing leaks nothing, and one that stops early releases everything by
 * closing.
 */
public final class CursorStreams {
  private CursorStreams() {}

  /** What a cursor holds; {@link #close} releases it. */
  @FunctionalInterface
  public interface Release {
    void close() throws Exception;
  }

  /**
   * The cursor's elements as a stream.
   *
   * @param cursor yields the rows; it is not used after {@code release} ran
   * @param release frees what the cursor holds
   * @param failure turns anything reading or releasing throws into the backend's exception
   *     (a {@code TraceQueryException} naming the query)
   */
  public static <T> Stream<T> of(Iterator<T> cursor, Release release, Function<Exception, RuntimeException> failure) {
    Guarded<T> guarded = new Guarded<>(cursor, release, failure);
    Spliterator<T> split = Spliterators.spliteratorUnknownSize(guarded, Spliterator.ORDERED | Spliterator.NONNULL);
    return StreamSupport.stream(split, false).onClose(guarded::release);
  }

  private static final class Guarded<T> implements Iterator<T> {
    private final Iterator<T> cursor;
    private final Release release;
    private final Function<Exception, RuntimeException> failure;
    private boolean released;

    Guarded(Iterator<T> cursor, Release release, Function<Exception, RuntimeException> failure) {
      this.cursor = cursor;
      this.release = release;
      this.failure = failure;
    }

    @Override
    public boolean hasNext() {
      if (released) {
        return false;
      }
      boolean more;
      try {
        more = cursor.hasNext();
      } catch (RuntimeException e) {
        releaseQuietly();
        throw failure.apply(e);
      }
      if (!more) {
        release();
      }
      return more;
    }

    @Override
    public T next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      try {
        return cursor.next();
      } catch (RuntimeException e) {
        releaseQuietly();
        throw failure.apply(e);
      }
    }

    void release() {
      if (released) {
        return;
      }
      released = true;
      try {
        release.close();
      } catch (Exception e) {
        throw failure.apply(e);
      }
    }

    private void releaseQuietly() {
      try {
        release();
      } catch (RuntimeException ignored) {
        // the failure that made us release is the one to report
      }
    }
  }
}
