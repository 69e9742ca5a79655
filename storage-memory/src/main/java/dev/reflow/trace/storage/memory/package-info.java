/**
 * The in-memory backend (provider {@code memory}): bounded, thread-safe, with LRU or FIFO
 * eviction. For tests, development and short-lived collectors; nothing survives the process.
 * Public here: the provider and its settings
 * ({@link dev.reflow.trace.storage.memory.MemoryStorageOptions}, {@link
 * dev.reflow.trace.storage.memory.EvictionPolicy}). See {@code docs/storage/memory.md}.
 */
package dev.reflow.trace.storage.memory;
