/** The service-provider interface backend modules implement. */
package dev.reflow.trace.storage.spi;
