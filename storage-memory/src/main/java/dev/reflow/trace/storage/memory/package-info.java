/**
 * The in-memory backend (provider {@code memory}): bounded, thread-safe, with LRU or FIFO
 * eviction. For tests, development and short-lived collectors; nothing survives the process.
 * See {@code docs/storage/memory.md}.
 */
package dev.reflow.trace.storage.memory;
