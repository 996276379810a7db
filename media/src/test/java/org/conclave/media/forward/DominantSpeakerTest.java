package org.conclave.media.forward;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Synthetic rooms on a fake clock: every tracked speaker sends an Opus packet every 20 ms, loud
 * (-30 dBov, V set) while talking and silent (-127 dBov) otherwise.
 */
class DominantSpeakerTest {

  private static final long MS = 1_000_000L;
  private static final int PACKET_MS = 20;

  private long nanos = 123_456_789L; // any epoch
  private final List<long[]> changes = new ArrayList<>();
  private final DominantSpeaker room =
      new DominantSpeaker(() -> nanos, (from, to) -> changes.add(new long[] {from, to}), 8);

  private void join(long... ids) {
    for (long id : ids) {
      assertThat(room.add(id)).isTrue();
    }
  }

  /** {@code millis} of audio from everyone tracked; the ids in {@code talking} are loud. */
  private void talk(int millis, long... talking) {
    for (int t = 0; t < millis; t += PACKET_MS) {
      for (long id = 1; id <= 8; id++) {
        boolean loud = contains(talking, id);
        room.onAudioLevel(id, loud ? 30 : 127, loud);
      }
      nanos += PACKET_MS * MS;
    }
  }

  private void silence(int millis) {
    talk(millis);
  }

  private static boolean contains(long[] ids, long id) {
    for (long each : ids) {
      if (each == id) {
        return true;
      }
    }
    return false;
  }

  @Test
  void singleTalkerBecomesDominant() {
    join(1, 2, 3);
    talk(400, 2);
    assertThat(room.dominantSpeaker()).isEqualTo(2);
    assertThat(changes).containsExactly(new long[] {DominantSpeaker.NONE, 2});
  }

  @Test
  void nobodyIsDominantBeforeAnyoneSpeaks() {
    join(1, 2, 3);
    silence(5_000);
    assertThat(room.dominantSpeaker()).isEqualTo(DominantSpeaker.NONE);
    assertThat(changes).isEmpty();
  }

  @Test
  void secondContinuousTalkerTakesOverOnlyAfterTheHoldTime() {
    join(1, 2);
    talk(2_000, 1);
    talk(DominantSpeaker.HOLD_MILLIS, 2);
    assertThat(room.dominantSpeaker()).as("not before the hold time").isEqualTo(1);
    talk(1_500, 2);
    assertThat(room.dominantSpeaker()).isEqualTo(2);
    assertThat(changes).containsExactly(new long[] {DominantSpeaker.NONE, 1}, new long[] {1, 2});
  }

  @Test
  void talkerTakesOverFromASilentDominantAfterTheHoldTime() {
    join(1, 2);
    talk(1_000, 1);
    silence(3_000);
    talk(400, 2);
    assertThat(room.dominantSpeaker()).isEqualTo(1);
    talk(500, 2);
    assertThat(room.dominantSpeaker()).isEqualTo(2);
  }

  @Test
  void secondTalkerDoesNotTakeOverWhileTheDominantKeepsTalking() {
    join(1, 2);
    talk(2_000, 1);
    talk(5_000, 1, 2);
    assertThat(room.dominantSpeaker()).isEqualTo(1);
  }

  @Test
  void shortInterjectionDoesNotTakeOver() {
    join(1, 2);
    talk(2_000, 1);
    silence(3_000);
    talk(200, 2);
    silence(3_000);
    assertThat(room.dominantSpeaker()).isEqualTo(1);
    assertThat(changes).hasSize(1);
  }

  @Test
  void interjectionOverTheDominantDoesNotTakeOver() {
    join(1, 2);
    talk(2_000, 1);
    talk(200, 1, 2);
    talk(2_000, 1);
    assertThat(room.dominantSpeaker()).isEqualTo(1);
  }

  @Test
  void oneLoudPacketDoesNotTakeOver() {
    join(1, 2);
    talk(1_000, 1);
    silence(3_000);
    room.onAudioLevel(2, 0, true);
    silence(3_000);
    assertThat(room.dominantSpeaker()).isEqualTo(1);
    assertThat(changes).hasSize(1);
  }

  @Test
  void oneLoudPacketDoesNotMakeAnyoneDominant() {
    join(1, 2);
    room.onAudioLevel(2, 0, true);
    silence(2_000);
    assertThat(room.dominantSpeaker()).isEqualTo(DominantSpeaker.NONE);
  }

  @Test
  void quietLevelWithoutVoiceFlagIsNotSpeech() {
    join(1);
    for (int t = 0; t < 2_000; t += PACKET_MS) {
      room.onAudioLevel(1, DominantSpeaker.LEVEL_THRESHOLD, false); // -50 dBov: background noise
      nanos += PACKET_MS * MS;
    }
    assertThat(room.dominantSpeaker()).isEqualTo(DominantSpeaker.NONE);
  }

  @Test
  void dominantStaysThroughLongSilence() {
    join(1, 2);
    talk(1_000, 1);
    silence(10_000);
    nanos += 60_000 * MS; // no packets at all (everyone muted), only ticks
    room.tick();
    assertThat(room.dominantSpeaker()).isEqualTo(1);
    assertThat(changes).hasSize(1);
  }

  @Test
  void removingTheDominantPicksTheMostRecentSpeaker() {
    join(1, 2, 3);
    talk(1_000, 2);
    talk(1_000, 3);
    talk(3_000, 1);
    assertThat(room.dominantSpeaker()).isEqualTo(1);
    room.remove(1);
    assertThat(room.dominantSpeaker()).isEqualTo(3);
    assertThat(changes).last().isEqualTo(new long[] {1, 3});
  }

  @Test
  void removingTheOnlySpeakerLeavesNobody() {
    join(1, 2);
    talk(1_000, 1);
    room.remove(1);
    assertThat(room.dominantSpeaker()).isEqualTo(DominantSpeaker.NONE);
    assertThat(changes).last().isEqualTo(new long[] {1, DominantSpeaker.NONE});
    assertThat(room.onAudioLevel(1, 0, true)).as("a removed speaker is ignored").isFalse();
  }

  @Test
  void removingAnotherSpeakerKeepsTheDominant() {
    join(1, 2, 3);
    talk(1_000, 1);
    talk(300, 2);
    room.remove(2);
    assertThat(room.dominantSpeaker()).isEqualTo(1);
    assertThat(changes).hasSize(1);
  }

  @Test
  void recentSpeakersListsTheDominantFirstThenByRecency() {
    join(1, 2, 3, 4);
    talk(1_000, 1);
    silence(1_000);
    talk(200, 2);
    silence(500);
    talk(200, 3);
    silence(500);
    assertThat(room.dominantSpeaker()).isEqualTo(1);
    assertThat(room.recentSpeakers(8)).containsExactly(1L, 3L, 2L);
    assertThat(room.recentSpeakers(2)).containsExactly(1L, 3L);

    long[] out = new long[3];
    assertThat(room.recentSpeakers(out)).isEqualTo(3);
    assertThat(out).containsExactly(1, 3, 2);
  }

  @Test
  void roomHoldsAtMostMaxSpeakers() {
    for (long id = 1; id <= 8; id++) {
      assertThat(room.add(id)).isTrue();
    }
    assertThat(room.add(9)).isFalse();
    assertThat(room.add(-5)).isFalse();
    room.remove(4);
    assertThat(room.add(9)).isTrue();
    assertThat(room.size()).isEqualTo(8);
    assertThat(room.onAudioLevel(4, 0, true)).isFalse();
    assertThat(room.onAudioLevel(9, 0, true)).isTrue();
  }

  @Test
  void packetPathAllocatesNothing() {
    long[] changed = new long[1];
    long[] clock = {0};
    DominantSpeaker big = new DominantSpeaker(() -> clock[0], (from, to) -> changed[0]++, 1_000);
    for (long id = 0; id < 1_000; id++) {
      big.add(id * 7919 + 1_000_000_000L); // SSRC-like ids
    }
    long[] recent = new long[10];
    runPackets(big, clock, recent, 20_000); // load classes and resolve call sites first

    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    long sink = runPackets(big, clock, recent, 200_000);
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;

    assertThat(sink).isNotZero();
    assertThat(changed[0]).as("the dominant speaker changed along the way").isGreaterThan(2);
    assertThat(allocated).as("bytes allocated over 200,000 packets").isLessThan(4_096);
  }

  /** 50 speakers send packets (the rest are silent members); who talks moves every 3 s. */
  private static long runPackets(DominantSpeaker room, long[] clock, long[] recent, int packets) {
    long sink = 0;
    for (int i = 0; i < packets; i++) {
      int speaker = i % 50;
      long talker = (clock[0] / 3_000_000_000L) % 50;
      boolean loud = speaker == talker;
      sink += room.onAudioLevel(speaker * 7919L + 1_000_000_000L, loud ? 20 : 127, loud) ? 1 : 0;
      if (speaker == 49) {
        clock[0] += 20 * MS;
      }
      if (i % 1_000 == 0) {
        sink += room.recentSpeakers(recent);
        room.tick();
      }
    }
    return sink + room.dominantSpeaker();
  }
}
