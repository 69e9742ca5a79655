/**
 * The in-memory implementation. <b>Not public API</b>: used only inside this module; applications
 * open it through {@code MemoryStorageProvider} (or {@code MemoryStorageProvider.open(options)}).
 */
package dev.reflow.trace.storage.memory.internal;
