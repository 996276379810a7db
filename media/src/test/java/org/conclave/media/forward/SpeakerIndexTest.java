package org.conclave.media.forward;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SpeakerIndexTest {

  @Test
  void absentIdIsAbsent() {
    assertThat(new SpeakerIndex(4).get(7)).isEqualTo(SpeakerIndex.ABSENT);
  }

  @Test
  void putGetAndRemove() {
    SpeakerIndex index = new SpeakerIndex(4);
    index.put(0xFFFFFFFFL, 3);
    index.put(0, 1);
    assertThat(index.get(0xFFFFFFFFL)).isEqualTo(3);
    assertThat(index.get(0)).isEqualTo(1);
    index.remove(0xFFFFFFFFL);
    assertThat(index.get(0xFFFFFFFFL)).isEqualTo(SpeakerIndex.ABSENT);
    assertThat(index.get(0)).isEqualTo(1);
  }

  /** Removal shifts probe runs back; a long random churn must agree with a HashMap throughout. */
  @Test
  void agreesWithAHashMapUnderChurn() {
    SpeakerIndex index = new SpeakerIndex(64);
    Map<Long, Integer> expected = new HashMap<>();
    Random random = new Random(42);
    for (int i = 0; i < 200_000; i++) {
      long id = random.nextInt(200);
      if (random.nextBoolean() && (expected.size() < 64 || expected.containsKey(id))) {
        index.put(id, i);
        expected.put(id, i);
      } else {
        index.remove(id);
        expected.remove(id);
      }
      long probe = random.nextInt(200);
      assertThat(index.get(probe)).isEqualTo(expected.getOrDefault(probe, SpeakerIndex.ABSENT));
    }
  }
}
