package org.conclave.media.sfu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.conclave.media.TrackSource.CAMERA;
import static org.conclave.media.TrackSource.MICROPHONE;
import static org.conclave.media.TrackSource.SCREEN;
import static org.conclave.media.sfu.SfuHarness.ALL;
import static org.conclave.media.sfu.SfuHarness.QUIET;
import static org.conclave.media.sfu.SfuHarness.ROOM;
import static org.conclave.media.sfu.SfuHarness.WAIT;

import java.util.Arrays;
import org.conclave.media.DropReason;
import org.conclave.media.MediaPermissions;
import org.conclave.media.client.OfferedStream;
import org.conclave.media.client.ReceivedRtp;
import org.conclave.media.client.SentRtp;
import org.conclave.media.rtcp.PictureLossIndication;
import org.conclave.media.rtp.Vp8PayloadDescriptor;
import org.conclave.media.sfu.SfuHarness.Member;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The room's rules enforced on the media: what a peer may not publish is not forwarded. */
class SfuPermissionTest {

  private static final MediaPermissions NO_CAMERA = new MediaPermissions(true, false, true);
  private static final MediaPermissions NO_SCREEN = new MediaPermissions(true, true, false);

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
  void revokingAPermissionStopsForwardingWithTheNextPacketAndCountsIt() throws Exception {
    Member alice = h.join("alice", ALL, MICROPHONE, CAMERA);
    Member bob = h.join("bob", ALL);
    h.settle();
    h.awaitConnected();
    alice.videoReaches(bob, CAMERA);
    OfferedStream video = bob.streamOf(alice, CAMERA);
    long droppedBefore = h.node.drops().get(DropReason.NOT_PERMITTED);

    h.node.setPermissions(ROOM, "alice", NO_CAMERA);
    for (int i = 0; i < 5; i++) {
      alice.publisher.sendVp8(alice.source(CAMERA), i == 0);
    }

    assertThat(bob.subscriber.awaitRtp(p -> p.ssrc() == video.ssrc(), QUIET)).isNull();
    SfuHarness.awaitNode("5 refusals", () -> alice.stats().refusedFrom().get(CAMERA) == 5);
    assertThat(h.node.drops().get(DropReason.NOT_PERMITTED) - droppedBefore).isEqualTo(5);
    assertThat(h.node.stats().drops().get(DropReason.NOT_PERMITTED) - droppedBefore).isEqualTo(5);
    // The microphone is still allowed and still flows.
    alice.audioReaches(bob);
  }

  @Test
  void grantingAgainResumesAtAKeyframeWithNoSequenceGap() throws Exception {
    Member alice = h.join("alice", ALL, CAMERA);
    Member bob = h.join("bob", ALL);
    h.settle();
    h.awaitConnected();
    ReceivedRtp last = alice.videoReaches(bob, CAMERA);
    OfferedStream video = bob.streamOf(alice, CAMERA);
    h.node.setPermissions(ROOM, "alice", NO_CAMERA);
    for (int i = 0; i < 5; i++) {
      alice.publisher.sendVp8(alice.source(CAMERA), i % 2 == 0);
    }
    SfuHarness.awaitNode("5 refusals", () -> alice.stats().refusedFrom().get(CAMERA) == 5);
    alice.publisher.clearReceived();

    h.node.setPermissions(ROOM, "alice", ALL);
    PictureLossIndication pli = alice.publisher.awaitRtcp(PictureLossIndication.class, WAIT);
    alice.publisher.sendVp8(alice.source(CAMERA), false);
    assertThat(bob.subscriber.pollRtp(QUIET)).as("a delta before the keyframe").isNull();
    SentRtp keyframe = alice.publisher.sendVp8(alice.source(CAMERA), true);
    ReceivedRtp resumed = bob.subscriber.awaitRtp(p -> p.ssrc() == video.ssrc(), WAIT);

    assertThat(pli).as("keyframe request on the grant").isNotNull();
    assertThat(pli.mediaSsrc()).isEqualTo(alice.source(CAMERA).ssrc());
    assertThat(resumed.sequenceNumber()).isEqualTo((last.sequenceNumber() + 1) & 0xFFFF);
    // The VP8 PictureID continues from the last one forwarded; the rest of the payload is as sent.
    assertThat(Vp8PayloadDescriptor.pictureId(resumed.payload(), 0, resumed.payload().length))
        .isEqualTo(
            (Vp8PayloadDescriptor.pictureId(last.payload(), 0, last.payload().length) + 1)
                & 0x7FFF);
    int d = Vp8PayloadDescriptor.descriptorLength(keyframe.payload(), 0, keyframe.payload().length);
    assertThat(Arrays.copyOfRange(resumed.payload(), d, resumed.payload().length))
        .isEqualTo(Arrays.copyOfRange(keyframe.payload(), d, keyframe.payload().length));
  }

  @Test
  void aScreenTrackWithoutTheScreenPermissionIsNotForwardedEvenWhenSentAndIsCounted()
      throws Exception {
    Member alice = h.join("alice", NO_SCREEN, CAMERA, SCREEN);
    Member bob = h.join("bob", ALL);
    h.settle();
    h.awaitConnected();
    alice.videoReaches(bob, CAMERA);
    OfferedStream screen = bob.streamOf(alice, SCREEN);

    for (int i = 0; i < 10; i++) {
      alice.publisher.sendVp8(alice.source(SCREEN), true); // the page sends it anyway
    }

    assertThat(bob.subscriber.awaitRtp(p -> p.ssrc() == screen.ssrc(), QUIET)).isNull();
    SfuHarness.awaitNode("10 refusals", () -> alice.stats().refusedFrom().get(SCREEN) == 10);
    assertThat(alice.stats().forwardedFrom().get(SCREEN)).isZero();
    assertThat(h.node.stats().drops().get(DropReason.NOT_PERMITTED)).isEqualTo(10);
  }
}
