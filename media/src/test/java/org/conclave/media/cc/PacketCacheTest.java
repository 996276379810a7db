package org.conclave.media.cc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.conclave.media.cc.Packets.SSRC;
import static org.conclave.media.cc.Packets.rtp;

import java.util.Arrays;
import org.conclave.media.rtp.RtpHeader;
import org.junit.jupiter.api.Test;

class PacketCacheTest {

  private final Packets.FakeNanoClock clock = new Packets.FakeNanoClock();
  private final PacketCache cache = new PacketCache(SSRC, PacketCache.Settings.DEFAULTS, clock);
  private final byte[] out = new byte[1500];

  private byte[] resend(int seq) {
    int len = cache.get(seq, out, 0);
    return len < 0 ? null : Arrays.copyOf(out, len);
  }

  @Test
  void insertedPacketComesBackByteForByte() {
    byte[] packet = rtp(7);

    assertThat(cache.insert(packet, 0, packet.length)).isTrue();

    assertThat(resend(7)).isEqualTo(packet);
    assertThat(cache.counters().inserted()).isEqualTo(1);
    assertThat(cache.counters().resent()).isEqualTo(1);
  }

  @Test
  void packetAtAnOffsetIsCopiedInAndOutAtTheOffsets() {
    byte[] packet = rtp(7);
    byte[] in = new byte[packet.length + 30];
    System.arraycopy(packet, 0, in, 17, packet.length);

    cache.insert(in, 17, packet.length);
    int len = cache.get(7, out, 5);

    assertThat(len).isEqualTo(packet.length);
    assertThat(Arrays.copyOfRange(out, 5, 5 + len)).isEqualTo(packet);
  }

  @Test
  void neverInsertedSequenceNumberIsAbsent() {
    cache.insert(rtp(7), 0, rtp(7).length);

    assertThat(cache.get(8, out, 0)).isEqualTo(PacketCache.MISS);
    assertThat(cache.get(6, out, 0)).isEqualTo(PacketCache.MISS);
    assertThat(cache.counters().missAbsent()).isEqualTo(2);
  }

  @Test
  void emptyCacheAnswersMiss() {
    assertThat(cache.get(0, out, 0)).isEqualTo(PacketCache.MISS);
    assertThat(cache.counters().missAbsent()).isEqualTo(1);
  }

  @Test
  void sequenceNumbersWrapFrom65535ToZero() {
    for (int seq = 65_530; seq < 65_536 + 6; seq++) {
      byte[] p = rtp(seq & 0xFFFF);
      assertThat(cache.insert(p, 0, p.length)).isTrue();
    }

    for (int seq = 65_530; seq < 65_536 + 6; seq++) {
      assertThat(resend(seq & 0xFFFF)).as("seq %d", seq & 0xFFFF).isEqualTo(rtp(seq & 0xFFFF));
    }
  }

  @Test
  void packetOlderThanTheRingIsEvictedNotConfusedWithTheOneInItsSlot() {
    for (int seq = 0; seq <= 512; seq++) {
      cache.insert(rtp(seq), 0, rtp(seq).length);
    }

    // 0 and 512 share slot 0: asking for 0 must not return 512.
    assertThat(cache.get(0, out, 0)).isEqualTo(PacketCache.MISS);
    assertThat(resend(512)).isEqualTo(rtp(512));
    assertThat(resend(1)).isEqualTo(rtp(1));
  }

  @Test
  void evictionAcrossTheWrapNeverAnswersWithTheSlotsNewerPacket() {
    for (int i = 0; i < 2_000; i++) {
      int seq = (65_000 + i) & 0xFFFF;
      cache.insert(rtp(seq), 0, rtp(seq).length);
    }
    int newest = (65_000 + 1_999) & 0xFFFF;

    assertThat(cache.get((newest - 512) & 0xFFFF, out, 0)).isEqualTo(PacketCache.MISS);
    assertThat(resend((newest - 511) & 0xFFFF)).isEqualTo(rtp((newest - 511) & 0xFFFF));
  }

  @Test
  void forwardJumpEvictsTheSkippedSlots() {
    cache.insert(rtp(10), 0, rtp(10).length);
    cache.insert(rtp(11), 0, rtp(11).length);

    cache.insert(rtp(300), 0, rtp(300).length); // 289 lost on the way

    assertThat(resend(10)).isEqualTo(rtp(10));
    assertThat(cache.get(12, out, 0)).isEqualTo(PacketCache.MISS);
    cache.insert(rtp(1_000), 0, rtp(1_000).length); // over a whole ring ahead
    assertThat(cache.get(300, out, 0)).isEqualTo(PacketCache.MISS);
    assertThat(resend(1_000)).isEqualTo(rtp(1_000));
  }

  @Test
  void reorderedPacketInsideTheWindowIsKept() {
    cache.insert(rtp(20), 0, rtp(20).length);
    cache.insert(rtp(18), 0, rtp(18).length);

    assertThat(resend(18)).isEqualTo(rtp(18));
    assertThat(resend(20)).isEqualTo(rtp(20));
  }

  @Test
  void packetFartherBehindThanTheRingIsRefused() {
    cache.insert(rtp(5_000), 0, rtp(5_000).length);

    assertThat(cache.insert(rtp(4_000), 0, rtp(4_000).length)).isFalse();

    assertThat(cache.counters().refusedOutOfWindow()).isEqualTo(1);
    assertThat(cache.get(4_000, out, 0)).isEqualTo(PacketCache.MISS);
    assertThat(resend(5_000)).isEqualTo(rtp(5_000));
  }

  @Test
  void twoConsecutivePacketsFarAwayRestartTheStream() {
    cache.insert(rtp(5_000), 0, rtp(5_000).length);

    cache.insert(rtp(40_000), 0, rtp(40_000).length);
    assertThat(cache.insert(rtp(40_001), 0, rtp(40_001).length)).isTrue();

    assertThat(resend(40_001)).isEqualTo(rtp(40_001));
    assertThat(cache.get(5_000, out, 0)).isEqualTo(PacketCache.MISS);
  }

  @Test
  void packetOlderThanMaxAgeIsNotResent() {
    cache.insert(rtp(1), 0, rtp(1).length);
    clock.advanceMillis(1_000);
    cache.insert(rtp(2), 0, rtp(2).length);
    clock.advanceMillis(1);

    assertThat(cache.get(1, out, 0)).isEqualTo(PacketCache.MISS);
    assertThat(cache.counters().missTooOld()).isEqualTo(1);
    assertThat(resend(2)).isEqualTo(rtp(2));
  }

  @Test
  void packetIsResentAtMostMaxResendsTimes() {
    cache.insert(rtp(1), 0, rtp(1).length);
    for (int i = 0; i < 3; i++) {
      assertThat(cache.get(1, out, 0)).isPositive();
      clock.advanceMillis(10);
    }

    assertThat(cache.get(1, out, 0)).isEqualTo(PacketCache.MISS);
    assertThat(cache.counters().missResentTooOften()).isEqualTo(1);
    assertThat(cache.counters().resent()).isEqualTo(3);
  }

  @Test
  void packetIsNotResentAgainWithinTheMinimumInterval() {
    cache.insert(rtp(1), 0, rtp(1).length);
    assertThat(cache.get(1, out, 0)).isPositive();
    clock.advanceMillis(9);

    assertThat(cache.get(1, out, 0)).isEqualTo(PacketCache.MISS);
    assertThat(cache.counters().missResentTooRecently()).isEqualTo(1);
    clock.advanceMillis(1);
    assertThat(cache.get(1, out, 0)).isPositive();
  }

  @Test
  void oversizedPacketIsRefusedAndCounted() {
    byte[] big = rtp(SSRC, 1, 1500 - 12 + 1);

    assertThat(cache.insert(big, 0, big.length)).isFalse();

    assertThat(cache.counters().refusedOversized()).isEqualTo(1);
    assertThat(cache.get(1, out, 0)).isEqualTo(PacketCache.MISS);
  }

  @Test
  void packetOfExactlySlotSizeIsKept() {
    byte[] full = rtp(SSRC, 1, 1500 - 12);

    assertThat(cache.insert(full, 0, full.length)).isTrue();
    assertThat(resend(1)).isEqualTo(full);
  }

  @Test
  void packetOfAnotherSsrcIsRefused() {
    byte[] other = rtp(0xCAFE, 1, 10);

    assertThat(cache.insert(other, 0, other.length)).isFalse();
    assertThat(cache.counters().refusedWrongSsrc()).isEqualTo(1);
  }

  @Test
  void garbageAndBadRangesAreRefusedNotThrown() {
    byte[] packet = rtp(1);

    assertThat(cache.insert(new byte[] {1, 2, 3}, 0, 3)).isFalse();
    assertThat(cache.insert(null, 0, 12)).isFalse();
    assertThat(cache.insert(packet, 5, packet.length)).isFalse();
    assertThat(cache.insert(packet, -1, 12)).isFalse();
    assertThat(cache.counters().refusedNotRtp()).isEqualTo(4);
  }

  @Test
  void destinationTooSmallIsAMissAndDoesNotUseUpAResend() {
    byte[] packet = rtp(1);
    cache.insert(packet, 0, packet.length);

    assertThat(cache.get(1, new byte[packet.length - 1], 0)).isEqualTo(PacketCache.MISS);
    assertThat(cache.get(1, out, out.length - 10)).isEqualTo(PacketCache.MISS);
    assertThat(cache.get(1, null, 0)).isEqualTo(PacketCache.MISS);

    assertThat(cache.counters().missNoRoom()).isEqualTo(3);
    assertThat(resend(1)).isEqualTo(packet);
  }

  @Test
  void reinsertingASequenceNumberResetsItsResendCount() {
    cache.insert(rtp(1), 0, rtp(1).length);
    for (int i = 0; i < 3; i++) {
      cache.get(1, out, 0);
      clock.advanceMillis(10);
    }

    cache.insert(rtp(1), 0, rtp(1).length);

    assertThat(resend(1)).isEqualTo(rtp(1));
  }

  @Test
  void clearEmptiesTheCache() {
    cache.insert(rtp(1), 0, rtp(1).length);

    cache.clear();

    assertThat(cache.get(1, out, 0)).isEqualTo(PacketCache.MISS);
    assertThat(cache.insert(rtp(40_000), 0, rtp(40_000).length)).isTrue();
  }

  @Test
  void copyOutKeepsTheOriginalSequenceNumberForRtx() {
    cache.insert(rtp(4_321), 0, rtp(4_321).length);

    cache.get(4_321, out, 0);

    assertThat(RtpHeader.sequenceNumber(out, 0)).isEqualTo(4_321);
  }

  @Test
  void settingsRefuseBadValues() {
    assertThatThrownBy(() -> new PacketCache.Settings(500, 1500, 1000, 3, 10))
        .hasMessageContaining("power of two");
    assertThatThrownBy(() -> new PacketCache.Settings(65_536, 1500, 1000, 3, 10))
        .hasMessageContaining("power of two");
    assertThatThrownBy(() -> new PacketCache.Settings(512, 11, 1000, 3, 10))
        .hasMessageContaining("slot size");
    assertThatThrownBy(() -> new PacketCache.Settings(512, 1500, 0, 3, 10))
        .hasMessageContaining("max age");
    assertThatThrownBy(() -> new PacketCache.Settings(512, 1500, 1000, 0, 10))
        .hasMessageContaining("max resends");
    assertThatThrownBy(() -> new PacketCache.Settings(512, 1500, 1000, 3, -1))
        .hasMessageContaining("interval");
  }
}
