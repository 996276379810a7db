package org.conclave.media.sfu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pacer on a clock of our own, with a sender that records what left and when. */
class PacerTest {

  private static final long MS = 1_000_000L;
  private static final long RATE = 1_000_000; // estimate: paced at 2.5 Mbit/s, 312.5 bytes/ms

  private final List<long[]> sent = new ArrayList<>(); // {first byte, time, stamp, offered at}
  private long now;
  private final Pacer pacer =
      new Pacer(
          (buf, off, len, stamp, offeredAt) -> {
            sent.add(new long[] {buf[off], now, stamp, offeredAt});
            return true;
          },
          1500);

  private boolean offer(int id) {
    byte[] packet = new byte[1000 + 64];
    packet[0] = (byte) id;
    return pacer.offer(packet, 1000, id % 2, RATE, now);
  }

  private void runFor(long millis) {
    for (long t = 0; t < millis; t += 5) {
      now += 5 * MS;
      pacer.drain(RATE, now);
    }
  }

  @Test
  void aPacketGoesOutAtOnceWhileTheBudgetAllowsAndNothingWaits() {
    assertThat(offer(1)).isTrue();

    assertThat(sent).hasSize(1);
    assertThat(sent.get(0)[1]).isZero();
    assertThat(pacer.waiting()).isFalse();
  }

  @Test
  void aBurstLeavesSpreadAtTwoAndAHalfTimesTheEstimateInOrderWithItsStamps() {
    for (int i = 0; i < 30; i++) {
      offer(i);
    }
    assertThat(sent.size()).as("sent at once").isLessThanOrEqualTo(4);
    runFor(200);

    assertThat(sent).hasSize(30);
    for (int i = 0; i < 30; i++) {
      assertThat(sent.get(i)[0]).as("order").isEqualTo(i);
      assertThat(sent.get(i)[2]).as("stamp").isEqualTo(i % 2);
    }
    // 30,000 bytes at 312.5 bytes/ms: about 96 ms, less what the first budget sent at once.
    long last = sent.get(29)[1] / MS;
    assertThat(last).isBetween(75L, 110L);
    assertThat(pacer.paced()).isPositive();
  }

  @Test
  void aPacketThatWaitedIsSentWithTheTimeItWasOfferedAt() {
    for (int i = 0; i < 30; i++) {
      now += MS / 10;
      offer(i);
    }
    runFor(200);

    for (int i = 0; i < 30; i++) {
      assertThat(sent.get(i)[3]).as("offered at").isEqualTo((i + 1) * MS / 10);
    }
    assertThat(sent.get(29)[1]).as("sent later").isGreaterThan(sent.get(29)[3] + 50 * MS);
  }

  @Test
  void newPacketsWaitBehindThoseAlreadyWaiting() {
    for (int i = 0; i < 10; i++) {
      offer(i);
    }
    now += 50 * MS; // budget for more, but packets wait: the next one must queue behind them
    offer(99);
    runFor(100);

    assertThat(sent.get(sent.size() - 1)[0]).isEqualTo(99);
  }

  @Test
  void aBacklogLongerThanItsLimitIsDrainedFasterThanTheEstimate() {
    for (int i = 0; i < 120; i++) { // 120 KB: 384 ms at the paced rate
      offer(i);
    }
    runFor(400);

    long last = sent.get(sent.size() - 1)[1] / MS;
    assertThat(sent).hasSize(120);
    assertThat(last).isLessThanOrEqualTo(Pacer.MAX_DELAY_NANOS / MS + 10);
  }

  @Test
  void whenEverySlotIsFullTheNewestIsDroppedAndCounted() {
    for (int i = 0; i < Pacer.SLOTS + 20; i++) {
      offer(i % 100);
    }

    assertThat(pacer.dropped()).isPositive();
    assertThat(offer(1)).isFalse();
  }
}
