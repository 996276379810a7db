package org.conclave.media.transport;

import java.util.concurrent.atomic.LongAdder;

/**
 * The transport loop's counters, readable from any thread (metrics). Drops are counted by reason,
 * so an operator can tell an attack from a bug: nothing that arrives on the media port vanishes
 * without a count.
 */
public final class TransportCounters {
  final LongAdder packetsIn = new LongAdder();
  final LongAdder bytesIn = new LongAdder();
  final LongAdder packetsOut = new LongAdder();
  final LongAdder bytesOut = new LongAdder();
  final LongAdder sendFailures = new LongAdder();
  final LongAdder handlerErrors = new LongAdder();
  final LongAdder oversized = new LongAdder();
  final LongAdder tcpAccepted = new LongAdder();
  final LongAdder tcpRefused = new LongAdder();
  final LongAdder tcpBadFrame = new LongAdder();
  final LongAdder tcpIdleClosed = new LongAdder();
  final LongAdder tcpBackpressureDrops = new LongAdder();

  void received(int length) {
    packetsIn.increment();
    bytesIn.add(length);
  }

  void sent(int length) {
    packetsOut.increment();
    bytesOut.add(length);
  }

  /** A snapshot. */
  public record Snapshot(
      long packetsIn,
      long bytesIn,
      long packetsOut,
      long bytesOut,
      long sendFailures,
      long handlerErrors,
      long oversized,
      long tcpAccepted,
      long tcpRefused,
      long tcpBadFrame,
      long tcpIdleClosed,
      long tcpBackpressureDrops) {}

  public Snapshot snapshot() {
    return new Snapshot(
        packetsIn.sum(),
        bytesIn.sum(),
        packetsOut.sum(),
        bytesOut.sum(),
        sendFailures.sum(),
        handlerErrors.sum(),
        oversized.sum(),
        tcpAccepted.sum(),
        tcpRefused.sum(),
        tcpBadFrame.sum(),
        tcpIdleClosed.sum(),
        tcpBackpressureDrops.sum());
  }
}
