/**
 * The MongoDB backend's document mapping, query building and regex escaping. <b>Not public
 * API</b>: anything here may change without notice; applications must not use it.
 */
package dev.reflow.trace.storage.mongodb.internal;
