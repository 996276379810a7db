package org.conclave.media.sfu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.conclave.media.TrackSource.MICROPHONE;
import static org.conclave.media.sfu.SfuHarness.ALL;

import java.util.concurrent.TimeUnit;
import org.conclave.media.sfu.SfuHarness.Member;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dominant speaker event follows the RFC 6464 audio levels publishers send (the decision rules
 * themselves are {@code DominantSpeakerTest}'s).
 */
class SfuSpeakerTest {

  private SfuHarness h;

  @BeforeEach
  void start() {
    h = new SfuHarness();
  }

  @AfterEach
  void stop() {
    h.assertNoHandlerErrors();
    h.close();
  }

  @Test
  void theDominantSpeakerFollowsWhoseAudioLevelsShowSpeech() throws Exception {
    Member alice = h.join("alice", ALL, MICROPHONE);
    Member bob = h.join("bob", ALL, MICROPHONE);
    h.settle();
    h.awaitConnected();

    talk(alice, bob, 30);
    assertThat(h.speakers.poll(1, TimeUnit.SECONDS)).isEqualTo("alice");

    // Bob talks while Alice is silent: he takes over after the hold time, not before.
    talk(bob, alice, 75);
    assertThat(h.speakers.poll(1, TimeUnit.SECONDS)).isEqualTo("bob");
    assertThat(h.speakers.poll(300, TimeUnit.MILLISECONDS)).as("no flapping").isNull();
  }

  /** {@code talker} sends speech and {@code silent} silence, a packet each every 20 ms. */
  private static void talk(Member talker, Member silent, int packets) {
    for (int i = 0; i < packets; i++) {
      talker.publisher.sendOpus(talker.source(MICROPHONE), 20, true);
      silent.publisher.sendOpus(silent.source(MICROPHONE), 127, false);
      SfuHarness.sleep(20);
    }
  }
}
