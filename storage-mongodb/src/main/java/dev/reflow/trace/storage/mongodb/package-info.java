/**
 * The MongoDB trace storage backend (provider name {@code mongodb}): one document per trace,
 * readable in a Mongo shell, with top-level fields and indexes for every query filter. Public
 * here: the provider and its settings ({@link dev.reflow.trace.storage.mongodb.MongoSettings}). See
 * {@code docs/storage/mongodb.md}.
 */
package dev.reflow.trace.storage.mongodb;
