package org.conclave.media.sfu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.conclave.media.TrackSource.CAMERA;
import static org.conclave.media.sfu.SfuHarness.ALL;
import static org.conclave.media.sfu.SfuHarness.QUIET;
import static org.conclave.media.sfu.SfuHarness.ROOM;
import static org.conclave.media.sfu.SfuHarness.WAIT;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.conclave.media.client.OfferedStream;
import org.conclave.media.client.ReceivedRtp;
import org.conclave.media.client.SentRtp;
import org.conclave.media.client.Source;
import org.conclave.media.rtcp.PictureLossIndication;
import org.conclave.media.rtcp.TransportCcFeedback;
import org.conclave.media.rtp.HeaderExtension;
import org.conclave.media.rtp.RtpFields;
import org.conclave.media.rtp.RtpWriter;
import org.conclave.media.rtp.Vp8PayloadDescriptor;
import org.conclave.media.sfu.SfuHarness.Member;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Simulcast through the node with synthetic peers: a publisher sends its camera as three encodings
 * (q 320×180, h 640×360, f 1280×720, by rid); each subscriber gets one of them on its one m-line,
 * chosen by the height it shows the video at and by its bandwidth estimate, switched at keyframes
 * with sequence numbers and VP8 PictureIDs that continue.
 */
class SfuSimulcastTest {

  private static final String[] RIDS = {"q", "h", "f"};
  private static final int[][] SIZES = {{320, 180}, {640, 360}, {1280, 720}};

  private SfuHarness h;
  private Member alice;
  private Member bob;
  private OfferedStream video;

  @BeforeEach
  void setUp() throws Exception {
    h = new SfuHarness();
    alice = h.joinSimulcast("alice", ALL, RIDS);
    bob = h.join("bob", ALL);
    h.settle();
    h.awaitConnected();
    video = bob.streamOf(alice, CAMERA);
  }

  @AfterEach
  void tearDown() {
    h.assertNoHandlerErrors();
    h.close();
  }

  private Source layer(int i) {
    return alice.layers.get(CAMERA).get(i);
  }

  /** One frame on every encoding, as a browser sends them; returns what was sent, by layer. */
  private SentRtp[] frameOnEveryLayer(boolean keyframe) {
    SentRtp[] sent = new SentRtp[3];
    for (int i = 0; i < 3; i++) {
      sent[i] =
          alice.publisher.sendVp8(
              layer(i), keyframe, keyframe ? 1000 : 300, SIZES[i][0], SIZES[i][1]);
    }
    return sent;
  }

  /** Keyframes on every encoding every 50 ms until bob receives one; the last bob received. */
  private ReceivedRtp awaitFirst() {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      frameOnEveryLayer(true);
      ReceivedRtp r = bob.subscriber.awaitRtp(p -> p.ssrc() == video.ssrc(), Duration.ofMillis(50));
      if (r != null) {
        ReceivedRtp last = r;
        for (ReceivedRtp more = r; more != null; more = bob.subscriber.pollRtp(QUIET)) {
          last = more.ssrc() == video.ssrc() ? more : last;
        }
        return last;
      }
    }
    throw new AssertionError("alice's video never reached bob");
  }

  private static byte[] afterDescriptor(byte[] payload) {
    int d = Vp8PayloadDescriptor.descriptorLength(payload, 0, payload.length);
    return Arrays.copyOfRange(payload, d, payload.length);
  }

  private static int pictureId(byte[] payload) {
    return Vp8PayloadDescriptor.pictureId(payload, 0, payload.length);
  }

  @Test
  void theAnswerReceivesTheThreeEncodingsByRid() {
    assertThat(alice.lastAnswer)
        .contains("a=rid:q recv\r\n", "a=rid:h recv\r\n", "a=rid:f recv\r\n")
        .contains("a=simulcast:recv q;h;f\r\n")
        .contains("urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id");
  }

  @Test
  void withoutBandwidthFeedbackOrTileSizeTheSubscriberGetsTheHighestEncodingOnly() {
    awaitFirst();

    SentRtp[] sent = frameOnEveryLayer(false);
    ReceivedRtp got = bob.subscriber.awaitRtp(p -> p.ssrc() == video.ssrc(), WAIT);
    assertThat(afterDescriptor(got.payload())).isEqualTo(afterDescriptor(sent[2].payload()));
    assertThat(bob.subscriber.awaitRtp(p -> p.ssrc() == video.ssrc(), QUIET))
        .as("nothing of the other encodings")
        .isNull();
  }

  @Test
  void anEncodingThatCarriesOnlyPaddingIsLeftForTheOneBelow() throws Exception {
    awaitFirst();

    // The browser stops the top encoding's frames but keeps sending padding on it, at a higher
    // rate than the frames of the encoding below (as its bandwidth probes do).
    long until = System.nanoTime() + 1_800_000_000L;
    for (int i = 0; System.nanoTime() < until; i++) {
      boolean keyframe = i % 10 == 0;
      alice.publisher.sendVp8(layer(0), keyframe, 300, SIZES[0][0], SIZES[0][1]);
      alice.publisher.sendVp8(layer(1), keyframe, 300, SIZES[1][0], SIZES[1][1]);
      for (int k = 0; k < 4; k++) {
        paddingOn(layer(2));
      }
      Thread.sleep(30);
    }
    while (bob.subscriber.pollRtp(QUIET) != null) {
      // what came before
    }
    SentRtp middle = alice.publisher.sendVp8(layer(1), false, 300);
    paddingOn(layer(2));

    ReceivedRtp got =
        bob.subscriber.awaitRtp(p -> p.ssrc() == video.ssrc() && p.payload().length > 0, WAIT);
    assertThat(got).as("a frame of the encoding below").isNotNull();
    assertThat(afterDescriptor(got.payload())).isEqualTo(afterDescriptor(middle.payload()));
  }

  /** A padding-only packet (RFC 3550 §5.1) on {@code layer}, next in its sequence. */
  private void paddingOn(Source layer) {
    RtpFields next = alice.publisher.loseVp8(layer, false).header();
    RtpFields padding =
        new RtpFields(
            false,
            next.payloadType(),
            next.sequenceNumber(),
            next.timestamp(),
            next.ssrc(),
            List.of(),
            List.of());
    assertThat(alice.publisher.sendRtpBytes(RtpWriter.build(padding, new byte[0], 255))).isTrue();
  }

  @Test
  void aSmallerTileSwitchesToTheSmallestEncodingHighEnoughAtItsKeyframeWithoutAGap()
      throws Exception {
    ReceivedRtp last = awaitFirst();
    alice.publisher.clearReceived();

    h.node.setVideoHeights(ROOM, "bob", Map.of(video.mid(), 300));
    PictureLossIndication pli =
        alice.publisher.awaitRtcp(
            PictureLossIndication.class, p -> p.mediaSsrc() == layer(1).ssrc(), WAIT);
    assertThat(pli).as("a keyframe asked of h").isNotNull();
    // Until h's keyframe comes, f goes on.
    SentRtp[] deltas = frameOnEveryLayer(false);
    ReceivedRtp stillF = bob.subscriber.awaitRtp(p -> p.ssrc() == video.ssrc(), WAIT);
    assertThat(afterDescriptor(stillF.payload())).isEqualTo(afterDescriptor(deltas[2].payload()));

    SentRtp[] keyframes = frameOnEveryLayer(true);
    ReceivedRtp switched = bob.subscriber.awaitRtp(p -> p.ssrc() == video.ssrc(), WAIT);
    assertThat(afterDescriptor(switched.payload()))
        .isEqualTo(afterDescriptor(keyframes[1].payload()));
    assertThat(switched.sequenceNumber()).isEqualTo((stillF.sequenceNumber() + 1) & 0xFFFF);
    assertThat(pictureId(switched.payload())).isEqualTo((pictureId(stillF.payload()) + 1) & 0x7FFF);
    assertThat(stillF.sequenceNumber()).isEqualTo((last.sequenceNumber() + 1) & 0xFFFF);
    SentRtp[] after = frameOnEveryLayer(false);
    ReceivedRtp next = bob.subscriber.awaitRtp(p -> p.ssrc() == video.ssrc(), WAIT);
    assertThat(afterDescriptor(next.payload())).isEqualTo(afterDescriptor(after[1].payload()));
  }

  @Test
  void aVideoShownNowhereIsNotSentAndComesBackAtAKeyframeWhenShown() throws Exception {
    awaitFirst();

    h.node.setVideoHeights(ROOM, "bob", Map.of(video.mid(), 0));
    frameOnEveryLayer(true);
    frameOnEveryLayer(false);
    assertThat(bob.subscriber.awaitRtp(p -> p.ssrc() == video.ssrc(), QUIET)).isNull();

    h.node.setVideoHeights(ROOM, "bob", Map.of(video.mid(), 720));
    ReceivedRtp back = awaitFirst();
    assertThat(Vp8PayloadDescriptor.isKeyframe(back.payload(), 0, back.payload().length)).isTrue();
  }

  @Test
  void feedbackShowingHeavyLossMovesTheSubscriberToALowerEncoding() throws Exception {
    awaitFirst();
    alice.publisher.clearReceived();

    // Two seconds of a busy top encoding (~3 Mbit/s) while bob reports half of what it gets lost.
    List<long[]> arrivals = new ArrayList<>(); // transport-wide number, arrival µs
    int feedbackCount = 0;
    long start = System.nanoTime();
    long lastFeedback = start;
    boolean lower = false;
    while (System.nanoTime() - start < Duration.ofSeconds(4).toNanos() && !lower) {
      for (int i = 0; i < 5; i++) {
        alice.publisher.sendVp8(layer(2), false, 1100);
      }
      alice.publisher.sendVp8(layer(1), false, 400);
      alice.publisher.sendVp8(layer(0), false, 150);
      for (ReceivedRtp r = bob.subscriber.pollRtp(Duration.ofMillis(10));
          r != null;
          r = bob.subscriber.pollRtp(Duration.ofMillis(1))) {
        for (HeaderExtension e : r.header().extensions()) {
          if (e.id() == 3 && e.data().length == 2) {
            int seq = (e.data()[0] & 0xFF) << 8 | (e.data()[1] & 0xFF);
            arrivals.add(new long[] {seq, r.receivedNanos() / 1000});
          }
        }
      }
      if (System.nanoTime() - lastFeedback > 50_000_000L && arrivals.size() > 4) {
        lastFeedback = System.nanoTime();
        List<TransportCcFeedback.Arrival> reported = new ArrayList<>();
        for (int i = 0; i < arrivals.size(); i += 2) { // every other one "lost"
          reported.add(
              new TransportCcFeedback.Arrival((int) arrivals.get(i)[0], arrivals.get(i)[1]));
        }
        arrivals.clear();
        bob.subscriber.sendRtcp(
            TransportCcFeedback.fromArrivals(1, video.ssrc(), feedbackCount++ & 0xFF, reported));
      }
      lower =
          alice.publisher.awaitRtcp(
                  PictureLossIndication.class,
                  p -> p.mediaSsrc() == layer(0).ssrc() || p.mediaSsrc() == layer(1).ssrc(),
                  Duration.ofMillis(1))
              != null;
    }
    assertThat(lower).as("a keyframe asked of a lower encoding").isTrue();

    SentRtp[] keyframes = frameOnEveryLayer(true);
    ReceivedRtp got =
        bob.subscriber.awaitRtp(
            p ->
                p.ssrc() == video.ssrc()
                    && Vp8PayloadDescriptor.isKeyframe(p.payload(), 0, p.payload().length),
            WAIT);
    assertThat(afterDescriptor(got.payload()))
        .isIn(afterDescriptor(keyframes[0].payload()), afterDescriptor(keyframes[1].payload()));
  }
}
