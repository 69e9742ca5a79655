/**
 * Helpers shared by the backend modules. <b>Not public API</b>: anything here may change
 * without notice; applications must not use it.
 */
package dev.reflow.trace.storage.internal;
