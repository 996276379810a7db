package org.conclave.media.sfu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.conclave.media.TrackSource.CAMERA;
import static org.conclave.media.TrackSource.MICROPHONE;
import static org.conclave.media.sfu.SfuHarness.ALL;

import java.util.concurrent.TimeUnit;
import org.conclave.media.MediaPermissions;
import org.conclave.media.sfu.SfuHarness.Member;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Last-N: each subscriber is offered the cameras of the N people who spoke most recently (then of
 * those who came first), and every microphone; when someone outside the N speaks, their camera
 * takes the place of the one spoken to longest ago.
 */
class SfuLastNTest {

  private SfuHarness h;
  private Member alice;
  private Member bob;
  private Member carol;

  @BeforeEach
  void start() throws Exception {
    h = new SfuHarness();
    h.node.setLastN(1);
    alice = h.join("alice", ALL, MICROPHONE, CAMERA);
    bob = h.join("bob", ALL, MICROPHONE, CAMERA);
    carol = h.join("carol", ALL);
    h.settle();
    h.awaitConnected();
  }

  @AfterEach
  void stop() {
    h.assertNoHandlerErrors();
    h.close();
  }

  @Test
  void withNobodySpeakingTheFirstComersCameraIsOfferedAndEveryMicrophone() {
    assertThat(carol.offeredSources())
        .containsExactlyInAnyOrder("alice/MICROPHONE", "bob/MICROPHONE", "alice/CAMERA");
    alice.videoReaches(carol, CAMERA);
  }

  @Test
  void whenSomeoneElseSpeaksTheirCameraTakesThePlaceOfTheOther() throws Exception {
    talk(bob, alice, 40);
    assertThat(h.speakers.poll(2, TimeUnit.SECONDS)).isEqualTo("bob");
    h.settle();

    assertThat(carol.offeredSources())
        .containsExactlyInAnyOrder("alice/MICROPHONE", "bob/MICROPHONE", "bob/CAMERA");
    bob.videoReaches(carol, CAMERA);
  }

  @Test
  void aCameraThatIsSwitchedOffGivesItsPlaceToOneThatIsOn() throws Exception {
    h.node.setPermissions(SfuHarness.ROOM, "alice", new MediaPermissions(true, false, true));
    h.settle();

    assertThat(carol.offeredSources())
        .containsExactlyInAnyOrder("alice/MICROPHONE", "bob/MICROPHONE", "bob/CAMERA");
  }

  @Test
  void whoeverSpeaksSeesTheCamerasOfTheOthers() throws Exception {
    talk(bob, alice, 40);
    assertThat(h.speakers.poll(2, TimeUnit.SECONDS)).isEqualTo("bob");
    h.settle();

    // Bob's own camera is never offered to him: his one camera is Alice's.
    assertThat(bob.offeredSources()).containsExactlyInAnyOrder("alice/MICROPHONE", "alice/CAMERA");
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
