package org.conclave.media.forward;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.HashSet;
import java.util.Set;

/**
 * Random rooms: speakers join, leave and send any level at any pace. Without JAZZER_FUZZ this runs
 * once per seed input (regression mode); with it, Jazzer searches for a sequence that breaks a
 * property.
 */
class DominantSpeakerFuzzTest {

  private static final int MAX_SPEAKERS = 6;

  /** Nothing throws; the dominant speaker is always tracked or none; the listener agrees. */
  @FuzzTest
  void dominantIsAlwaysATrackedSpeakerOrNone(FuzzedDataProvider data) {
    long[] clock = {data.consumeLong()};
    long[] reported = {DominantSpeaker.NONE};
    Set<Long> tracked = new HashSet<>();
    DominantSpeaker room =
        new DominantSpeaker(
            () -> clock[0],
            (from, to) -> {
              assertThat(from).isEqualTo(reported[0]).isNotEqualTo(to);
              reported[0] = to;
            },
            MAX_SPEAKERS);
    long[] recent = new long[4];
    while (data.remainingBytes() > 0) {
      long id = data.consumeInt(-1, 9);
      switch (data.consumeInt(0, 9)) {
        case 0 -> {
          boolean added = room.add(id);
          assertThat(added)
              .isEqualTo(id >= 0 && (tracked.contains(id) || tracked.size() < MAX_SPEAKERS));
          if (added) {
            tracked.add(id);
          }
        }
        case 1 -> {
          room.remove(id);
          tracked.remove(id);
        }
        case 2 -> {
          clock[0] += data.consumeLong(-1_000_000_000L, 10_000_000_000L);
          room.tick();
        }
        case 3 -> {
          int n = room.recentSpeakers(recent);
          for (int i = 0; i < n; i++) {
            assertThat(tracked).contains(recent[i]);
          }
        }
        default -> {
          clock[0] += data.consumeLong(0, 60_000_000L);
          boolean counted = room.onAudioLevel(id, data.consumeInt(-1, 128), data.consumeBoolean());
          assertThat(counted).isEqualTo(tracked.contains(id));
        }
      }
      long dominant = room.dominantSpeaker();
      assertThat(dominant).isEqualTo(reported[0]);
      if (dominant != DominantSpeaker.NONE) {
        assertThat(tracked).contains(dominant);
      }
      assertThat(room.size()).isEqualTo(tracked.size());
    }
  }
}
