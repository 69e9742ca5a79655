/** The Reflow JSON codec: byte-identical reading and writing of serde_json's trace format. */
package dev.reflow.trace.json;
