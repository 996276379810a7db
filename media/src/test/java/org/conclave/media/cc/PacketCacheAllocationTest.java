package org.conclave.media.cc;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * Inserting every forwarded packet and answering NACKs happen on the forwarding path; in steady
 * state they must not allocate. Measured with HotSpot's per-thread allocation counter over many
 * calls, so one allocation per call would show as hundreds of kilobytes.
 */
class PacketCacheAllocationTest {

  private static final int ROUNDS = 100_000;

  @Test
  void insertAndResendDoNotAllocateInSteadyState() {
    long[] now = {0};
    PacketCaches caches = new PacketCaches(8, PacketCache.Settings.DEFAULTS, () -> now[0]);
    for (long ssrc = 1; ssrc <= 4; ssrc++) {
      caches.add(ssrc);
    }
    byte[] packet = Packets.rtp(3, 0, 1_000);
    byte[] out = new byte[1_500];
    long sink = run(caches, packet, out, now, 0, 2_000); // fill rings, warm up the calls

    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    sink += run(caches, packet, out, now, 2_000, ROUNDS);
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;

    assertThat(sink).isPositive();
    assertThat(caches.cache(3).counters().resent()).isPositive();
    assertThat(allocated).as("bytes allocated over %d packets", ROUNDS).isLessThan(4_096);
  }

  private static long run(
      PacketCaches caches, byte[] packet, byte[] out, long[] now, int from, int rounds) {
    long sink = 0;
    for (int i = from; i < from + rounds; i++) {
      now[0] += 1_000_000; // one packet a millisecond
      org.conclave.media.rtp.RtpHeader.setSequenceNumber(packet, 0, i);
      caches.insert(packet, 0, packet.length);
      if ((i & 7) == 0) { // a NACK for a packet 20 back every eighth packet
        sink += caches.get(3, (i - 20) & 0xFFFF, out, 0);
        sink += caches.get(4, i, out, 0); // a stream with nothing cached: a miss
      }
    }
    return sink;
  }
}
