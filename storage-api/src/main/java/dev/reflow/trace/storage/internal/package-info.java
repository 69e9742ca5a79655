/**
 * The configuration file reader and the default streaming over keyset pages. <b>Not public API</b>: used only inside this module; anything
 * here may change without notice. Backends use {@code dev.reflow.trace.storage.spi} instead.
 */
package dev.reflow.trace.storage.internal;
