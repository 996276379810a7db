package org.conclave.media.sfu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class UpstreamLossTest {

  private static final long MS = 1_000_000L;
  private final UpstreamLoss loss = new UpstreamLoss();
  private final int[] out = new int[UpstreamLoss.MAX_GAP];

  private int[] due(long now) {
    return Arrays.copyOf(out, loss.due(now, out));
  }

  @Test
  void packetsInOrderLoseNothing() {
    for (int s = 100; s < 110; s++) {
      assertThat(loss.onPacket(s, 0)).isFalse();
    }
    assertThat(loss.missing()).isZero();
  }

  @Test
  void aGapIsAskedForAtOnce() {
    loss.onPacket(100, 0);
    assertThat(loss.onPacket(104, 0)).isTrue();
    assertThat(due(0)).containsExactly(101, 102, 103);
  }

  @Test
  void aGapAcrossTheSequenceWrapIsAskedFor() {
    loss.onPacket(65534, 0);
    loss.onPacket(1, 0);
    assertThat(due(0)).containsExactly(65535, 0);
  }

  @Test
  void aPacketThatArrivesLateIsNoLongerMissing() {
    loss.onPacket(100, 0);
    loss.onPacket(103, 0);
    assertThat(loss.onPacket(101, 0)).isFalse();
    assertThat(due(0)).containsExactly(102);
    assertThat(loss.recovered()).isEqualTo(1);
  }

  @Test
  void aMissingPacketIsAskedAgainOnlyAfterTheRetryInterval() {
    loss.onPacket(100, 0);
    loss.onPacket(102, 0);
    assertThat(due(0)).containsExactly(101);
    assertThat(due(50 * MS)).isEmpty();
    assertThat(due(100 * MS)).containsExactly(101);
  }

  @Test
  void aMissingPacketIsAskedForAtMostThreeTimes() {
    loss.onPacket(100, 0);
    loss.onPacket(102, 0);
    int asks = 0;
    for (long t = 0; t <= 900 * MS; t += 100 * MS) {
      asks += due(t).length;
    }
    assertThat(asks).isEqualTo(UpstreamLoss.TRIES);
    assertThat(loss.missing()).isZero();
    assertThat(loss.givenUp()).isEqualTo(1);
  }

  @Test
  void aJumpLargerThanTheWindowIsANewPositionNotALoss() {
    loss.onPacket(100, 0);
    assertThat(loss.onPacket(100 + UpstreamLoss.MAX_GAP + 1, 0)).isFalse();
    assertThat(loss.missing()).isZero();
  }

  @Test
  void aDuplicateChangesNothing() {
    loss.onPacket(100, 0);
    loss.onPacket(102, 0);
    assertThat(loss.onPacket(102, 0)).isFalse();
    assertThat(loss.missing()).isEqualTo(1);
  }
}
