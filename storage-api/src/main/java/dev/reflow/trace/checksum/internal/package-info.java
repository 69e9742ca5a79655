/**
 * Internals of the checksum package (canonical writers, ECMAScript number layout, the JSON value
 * reader). <b>Not public API</b>: may change without notice; use
 * {@link dev.reflow.trace.checksum.Checksums}.
 */
package dev.reflow.trace.checksum.internal;
