/**
 * The MongoDB trace storage backend (provider name {@code mongodb}): one document per trace,
 * readable in a Mongo shell, with top-level fields and indexes for every query filter. See
 * {@code docs/storage/mongodb.md}.
 */
package dev.reflow.trace.storage.mongodb;
