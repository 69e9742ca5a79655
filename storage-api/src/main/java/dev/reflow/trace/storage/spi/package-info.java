/**
 * The service-provider interface backend modules implement ({@link
 * dev.reflow.trace.storage.spi.TraceStorageProvider}), and the supported helpers they share: the
 * stored document format ({@link dev.reflow.trace.storage.spi.TraceDocuments}) and the batch rules
 * of {@code storeAll} ({@link dev.reflow.trace.storage.spi.TraceBatches}), and streams over cursors
 * ({@link dev.reflow.trace.storage.spi.CursorStreams}). See
 * {@code docs/spi.md}.
 */
package dev.reflow.trace.storage.spi;
