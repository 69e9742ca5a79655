/**
 * The MongoDB implementation: the storage, its client setup, writes, filters, statistics, error
 * translation, indexes, and the document mapping. <b>Not public API</b>: used only inside this
 * module; anything here may change without notice.
 */
package dev.reflow.trace.storage.mongodb.internal;
