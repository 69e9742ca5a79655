package dev.reflow.trace.collector;
