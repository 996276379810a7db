package org.conclave.media.client;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** A {@link ClientPeer}'s counters; updated from any of its threads, read from any. */
final class ClientCounters {
  final LongAdder packetsOut = new LongAdder();
  final LongAdder bytesOut = new LongAdder();
  final LongAdder packetsIn = new LongAdder();
  final LongAdder bytesIn = new LongAdder();
  final LongAdder checksSent = new LongAdder();
  final LongAdder checkResponses = new LongAdder();
  final LongAdder rtpSent = new LongAdder();
  final LongAdder rtcpSent = new LongAdder();
  final LongAdder rtpReceived = new LongAdder();
  final LongAdder rtcpReceived = new LongAdder();
  final LongAdder srtpFailures = new LongAdder();
  final LongAdder dropped = new LongAdder();
  final LongAdder queueOverflows = new LongAdder();
  final LongAdder sendFailures = new LongAdder();
  final LongAdder listenerErrors = new LongAdder();
  final AtomicInteger dtlsHandshakes = new AtomicInteger();

  PeerCounters snapshot() {
    return new PeerCounters(
        packetsOut.sum(),
        bytesOut.sum(),
        packetsIn.sum(),
        bytesIn.sum(),
        checksSent.sum(),
        checkResponses.sum(),
        rtpSent.sum(),
        rtcpSent.sum(),
        rtpReceived.sum(),
        rtcpReceived.sum(),
        srtpFailures.sum(),
        dropped.sum(),
        queueOverflows.sum(),
        sendFailures.sum(),
        listenerErrors.sum(),
        dtlsHandshakes.get());
  }
}
