package org.conclave.loadtest.media;

/**
 * The measuring window of a step, in the generator's {@link System#nanoTime()}: a packet belongs to
 * it when its send stamp does, on both the publishing and the receiving side, so packets in flight
 * at either end are neither lost nor counted twice.
 */
record Window(long startNanos, long endNanos) {

  boolean contains(long sentNanos) {
    return sentNanos - startNanos >= 0 && sentNanos - endNanos < 0;
  }

  double seconds() {
    return (endNanos - startNanos) / 1e9;
  }
}
