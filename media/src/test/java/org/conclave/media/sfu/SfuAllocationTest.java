package org.conclave.media.sfu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.conclave.media.sfu.SfuHarness.ALL;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.conclave.media.TrackSource;
import org.conclave.media.client.ClientPeer;
import org.conclave.media.client.Source;
import org.conclave.media.srtp.SrtpProfile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the node's transport loop thread allocates per forwarded packet in steady state, measured
 * with HotSpot's per-thread allocation counter around real traffic: a {@link ClientPeer} publishes
 * Opus over loopback sockets to the node, which receives, unprotects, reads, forwards and protects
 * for one subscriber on its one thread, while its timers run (transport-cc feedback every 50 ms,
 * the speaker tick, the one-second report).
 *
 * <p>The goal is zero. What remains is jitsi-srtp's: per packet and direction its IV parameter
 * objects, and its debug-log lambdas when the JIT does not remove them ({@code SrtpAllocationTest},
 * docs/benchmarks.md "Allocation on the SRTP path"). So the bound is what jitsi-srtp can allocate
 * for one unprotect and one protect with AEAD_AES_128_GCM, plus a few bytes for the timers; our own
 * code allocating per packet (a record per transport-cc arrival did, about 85 bytes; a parsed
 * packet would, about 500) fails it. The figure is printed too.
 */
class SfuAllocationTest {

  /** Packets sent to warm the path up (JIT compilation of the loop thread's code). */
  private static final int WARM_UP = 20_000;

  /** Packets measured. */
  private static final int MEASURED = 10_000;

  /**
   * jitsi-srtp's most per GCM packet (SrtpAllocationTest): unprotect 88 + 2 × 24, protect 88 + 24.
   */
  private static final int JITSI_SRTP_GCM_UNPROTECT_AND_PROTECT = (88 + 48) + (88 + 24);

  /**
   * The loop's timers and whatever else is not per packet, spread over the measured packets (a few
   * bytes), and room for the JIT's varying luck in removing jitsi-srtp's lambdas and for the JDK's
   * occasional sender-address object on receive: measured runs ranged 141-249 bytes. Our own code
   * allocating an object per packet (the old transport-cc records: about 85 bytes) still fails.
   */
  private static final int ALLOWANCE = 64;

  private SfuHarness harness;

  @AfterEach
  void close() {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void forwardingAllocatesNoMoreThanJitsiSrtpDoes() throws Exception {
    harness = new SfuHarness();
    SfuHarness.Member alice = harness.join("alice", ALL, TrackSource.MICROPHONE);
    SfuHarness.Member bob = harness.join("bob", ALL);
    harness.settle();
    harness.awaitConnected();
    assertThat(alice.publisher.awaitConnected(SfuHarness.WAIT))
        .isEqualTo(SrtpProfile.AEAD_AES_128_GCM);
    alice.audioReaches(bob);
    Source mic = alice.source(TrackSource.MICROPHONE);
    long loop = loopThreadId();
    send(alice.publisher, mic, WARM_UP);
    awaitForwarded();

    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long forwardedBefore = harness.node.stats().rtpForwarded();
    long before = threads.getThreadAllocatedBytes(loop);
    Instant from = Instant.now();
    send(alice.publisher, mic, MEASURED);
    long forwarded = awaitForwarded() - forwardedBefore;
    long allocated = threads.getThreadAllocatedBytes(loop) - before;
    Instant to = Instant.now();
    double perPacket = (double) allocated / forwarded;
    // The window is printed so that a JFR recording of this test can be cut to it.
    System.out.printf(
        "LOOP ALLOCATION forwarded=%d bytes=%d bytes_per_forwarded=%.1f from=%s to=%s%n",
        forwarded, allocated, perPacket, from, to);

    assertThat(forwarded).isGreaterThan(MEASURED / 2);
    assertThat(perPacket)
        .as("bytes the loop thread allocated per forwarded packet")
        .isLessThanOrEqualTo(JITSI_SRTP_GCM_UNPROTECT_AND_PROTECT + ALLOWANCE);
  }

  private static void send(ClientPeer publisher, Source mic, int packets) {
    for (int i = 0; i < packets; i++) {
      publisher.sendOpus(mic, 40, true);
      if (i % 20 == 19) {
        SfuHarness.sleep(1); // about 20,000 packets a second at most: no loss on loopback
      }
    }
  }

  /** Waits until the node's forwarded count stops rising; returns it. */
  private long awaitForwarded() {
    long last = -1;
    long now = harness.node.stats().rtpForwarded();
    while (now != last) {
      SfuHarness.sleep(200);
      last = now;
      now = harness.node.stats().rtpForwarded();
    }
    return now;
  }

  private static long loopThreadId() {
    List<Thread> loops = new ArrayList<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().equals("conclave-media-loop")) {
        loops.add(t);
      }
    }
    assertThat(loops).as("media loop threads in this JVM").hasSize(1);
    return loops.get(0).getId();
  }
}
