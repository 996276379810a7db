package org.conclave.media.sfu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.conclave.media.TrackSource.CAMERA;
import static org.conclave.media.TrackSource.MICROPHONE;
import static org.conclave.media.sfu.SfuHarness.ALL;
import static org.conclave.media.sfu.SfuHarness.QUIET;
import static org.conclave.media.sfu.SfuHarness.WAIT;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.conclave.media.TransitTimes;
import org.conclave.media.client.OfferedStream;
import org.conclave.media.client.ReceivedRtcp;
import org.conclave.media.client.ReceivedRtp;
import org.conclave.media.client.SentRtp;
import org.conclave.media.rtcp.GenericNack;
import org.conclave.media.rtcp.PictureLossIndication;
import org.conclave.media.rtcp.ReceiverReport;
import org.conclave.media.rtcp.ReportBlock;
import org.conclave.media.rtcp.SenderReport;
import org.conclave.media.rtcp.TransportCcFeedback;
import org.conclave.media.rtp.ExtensionValues;
import org.conclave.media.rtp.HeaderExtension;
import org.conclave.media.sfu.SfuHarness.Member;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the node forwards to subscribers and what it sends back to publishers, over real sockets.
 */
class SfuForwardingTest {

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
  void audioReachesTheSubscriberUnderItsOfferedSsrcWithPayloadUnchangedAndOnlyOurOwnExtension()
      throws Exception {
    Member alice = h.join("alice", ALL, MICROPHONE);
    Member bob = h.join("bob", ALL);
    h.settle();
    h.awaitConnected();
    OfferedStream offered = bob.streamOf(alice, MICROPHONE);
    alice.audioReaches(bob);

    for (int i = 0; i < 10; i++) {
      SentRtp sent = alice.publisher.sendOpus(alice.source(MICROPHONE), 30, true);
      assertThat(sent.header().extensions()).isNotEmpty();
      ReceivedRtp got = bob.subscriber.awaitRtp(p -> p.ssrc() == offered.ssrc(), WAIT);
      assertThat(got).as("packet %d", i).isNotNull();
      assertThat(got.ssrc()).isEqualTo(offered.ssrc()).isNotEqualTo(sent.ssrc());
      assertThat(got.payloadType()).isEqualTo(offered.payloadType());
      assertThat(got.payload()).isEqualTo(sent.payload());
      assertOnlyTransportSequenceNumber(got);
    }
  }

  @Test
  void forwardedSequenceNumbersAndTimestampsContinueWithoutGaps() throws Exception {
    Member alice = h.join("alice", ALL, MICROPHONE);
    Member bob = h.join("bob", ALL);
    h.settle();
    h.awaitConnected();
    OfferedStream offered = bob.streamOf(alice, MICROPHONE);
    alice.audioReaches(bob);

    List<SentRtp> sent = new ArrayList<>();
    List<ReceivedRtp> got = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      sent.add(alice.publisher.sendOpus(alice.source(MICROPHONE), 30, true));
      got.add(bob.subscriber.awaitRtp(p -> p.ssrc() == offered.ssrc(), WAIT));
    }
    for (int i = 1; i < got.size(); i++) {
      assertThat(got.get(i).sequenceNumber())
          .as("sequence number %d", i)
          .isEqualTo((got.get(0).sequenceNumber() + i) & 0xFFFF);
      long sentStep = (sent.get(i).timestamp() - sent.get(0).timestamp()) & 0xFFFF_FFFFL;
      long gotStep = (got.get(i).timestamp() - got.get(0).timestamp()) & 0xFFFF_FFFFL;
      assertThat(gotStep).as("timestamp step %d", i).isEqualTo(sentStep);
    }
  }

  @Test
  void everyForwardedCopyHasItsTimeInTheNodeRecorded() throws Exception {
    Member alice = h.join("alice", ALL, MICROPHONE);
    Member bob = h.join("bob", ALL);
    Member carol = h.join("carol", ALL);
    h.settle();
    h.awaitConnected();
    alice.audioReaches(bob);
    alice.audioReaches(carol);
    OfferedStream toBob = bob.streamOf(alice, MICROPHONE);
    OfferedStream toCarol = carol.streamOf(alice, MICROPHONE);
    // Whatever was forwarded while connecting is counted before the snapshot.
    long forwarded0 = h.node.stats().rtpForwarded();
    TransitTimes.Snapshot before = h.node.transitTimes();

    for (int i = 0; i < 20; i++) {
      alice.publisher.sendOpus(alice.source(MICROPHONE), 30, true);
      assertThat(bob.subscriber.awaitRtp(p -> p.ssrc() == toBob.ssrc(), WAIT)).isNotNull();
      assertThat(carol.subscriber.awaitRtp(p -> p.ssrc() == toCarol.ssrc(), WAIT)).isNotNull();
    }
    long forwarded = h.node.stats().rtpForwarded() - forwarded0;
    TransitTimes.Summary transit = h.node.transitTimes().since(before);

    assertThat(forwarded).isEqualTo(40);
    assertThat(transit.count()).as("one time per forwarded copy").isEqualTo(forwarded);
    assertThat(transit.p50Micros()).isPositive();
    assertThat(transit.maxMicros()).isGreaterThanOrEqualTo(transit.p99Micros()).isLessThan(1e6);
  }

  @Test
  void videoReachesTheSubscriberUnderItsOfferedSsrcWithPayloadAndMarkerUnchanged()
      throws Exception {
    Member alice = h.join("alice", ALL, CAMERA);
    Member bob = h.join("bob", ALL);
    h.settle();
    h.awaitConnected();
    OfferedStream offered = bob.streamOf(alice, CAMERA);
    alice.videoReaches(bob, CAMERA);

    for (int i = 0; i < 10; i++) {
      SentRtp sent = alice.publisher.sendVp8(alice.source(CAMERA), i % 5 == 0);
      ReceivedRtp got = bob.subscriber.awaitRtp(p -> p.ssrc() == offered.ssrc(), WAIT);
      assertThat(got).as("frame %d", i).isNotNull();
      assertThat(got.payloadType()).isEqualTo(offered.payloadType());
      assertThat(got.payload()).isEqualTo(sent.payload());
      assertThat(got.marker()).isTrue();
      assertOnlyTransportSequenceNumber(got);
    }
  }

  /**
   * The publisher's header extensions (mid, audio level, its transport-wide number) are not passed
   * on: the block holds only the node's own transport-wide sequence number for the subscriber's
   * transport-cc feedback, under the id of the subscribe offer.
   */
  private static void assertOnlyTransportSequenceNumber(ReceivedRtp got) {
    assertThat(got.hasExtension()).as("extension block").isTrue();
    assertThat(got.header().extensions())
        .as("extension elements")
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.id()).isEqualTo(3);
              assertThat(e.data()).hasSize(2);
            });
  }

  @Test
  void aNewSubscribersVideoStartsAtAKeyframeAndThePublisherIsAskedForOne() throws Exception {
    Member alice = h.join("alice", ALL, CAMERA);
    Member bob = h.join("bob", ALL);
    h.settle();
    h.awaitConnected();
    OfferedStream offered = bob.streamOf(alice, CAMERA);
    long cameraSsrc = alice.source(CAMERA).ssrc();

    // Deltas until the node asks for a keyframe: the first ones may come before the node has
    // taken bob's answer, and a publisher keeps sending anyway.
    PictureLossIndication pli = null;
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (pli == null && System.nanoTime() < deadline) {
      alice.publisher.sendVp8(alice.source(CAMERA), false);
      pli = alice.publisher.awaitRtcp(PictureLossIndication.class, Duration.ofMillis(100));
    }
    assertThat(pli).as("PLI to the publisher").isNotNull();
    assertThat(pli.mediaSsrc()).isEqualTo(cameraSsrc);
    assertThat(bob.subscriber.pollRtp(QUIET)).as("deltas before the keyframe").isNull();

    SentRtp keyframe = alice.publisher.sendVp8(alice.source(CAMERA), true);
    SentRtp delta = alice.publisher.sendVp8(alice.source(CAMERA), false);
    ReceivedRtp first = bob.subscriber.pollRtp(WAIT);
    ReceivedRtp second = bob.subscriber.pollRtp(WAIT);
    assertThat(first.ssrc()).isEqualTo(offered.ssrc());
    assertThat(first.payload()).isEqualTo(keyframe.payload());
    assertThat(second.payload()).isEqualTo(delta.payload());
    assertThat(second.sequenceNumber()).isEqualTo((first.sequenceNumber() + 1) & 0xFFFF);
  }

  @Test
  void aNackIsAnsweredWithAnRtxPacketCarryingTheOriginalSequenceNumberAndPayload()
      throws Exception {
    Member alice = h.join("alice", ALL, CAMERA);
    Member bob = h.join("bob", ALL);
    h.settle();
    h.awaitConnected();
    OfferedStream offered = bob.streamOf(alice, CAMERA);
    assertThat(offered.rtxPayloadType()).isPositive();
    assertThat(offered.rtxSsrc()).isPositive();
    alice.videoReaches(bob, CAMERA);
    List<ReceivedRtp> got = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      alice.publisher.sendVp8(alice.source(CAMERA), false);
      got.add(bob.subscriber.awaitRtp(p -> p.ssrc() == offered.ssrc(), WAIT));
    }
    ReceivedRtp lost = got.get(2);

    bob.subscriber.sendRtcp(
        new GenericNack(0x1234, offered.ssrc(), List.of(lost.sequenceNumber())));
    ReceivedRtp rtx = bob.subscriber.awaitRtp(p -> p.ssrc() == offered.rtxSsrc(), WAIT);

    assertThat(rtx).as("RTX answer").isNotNull();
    assertThat(rtx.payloadType()).isEqualTo(offered.rtxPayloadType());
    byte[] p = rtx.payload();
    int originalSequence = ((p[0] & 0xFF) << 8) | (p[1] & 0xFF); // RFC 4588 §4: OSN
    assertThat(originalSequence).isEqualTo(lost.sequenceNumber());
    assertThat(Arrays.copyOfRange(p, 2, p.length)).isEqualTo(lost.payload());
    assertThat(rtx.timestamp()).isEqualTo(lost.timestamp());
    assertThat(h.node.stats().retransmissions()).isEqualTo(1);
    assertThat(bob.stats().nacks()).isEqualTo(1);
  }

  @Test
  void aPacketLostOnThePublishersUplinkIsAskedForAndForwardedWhenResent() throws Exception {
    Member alice = h.join("alice", ALL, CAMERA);
    Member bob = h.join("bob", ALL);
    h.settle();
    h.awaitConnected();
    OfferedStream offered = bob.streamOf(alice, CAMERA);
    alice.videoReaches(bob, CAMERA);
    alice.publisher.clearReceived();

    SentRtp lost = alice.publisher.loseVp8(alice.source(CAMERA), false);
    alice.publisher.sendVp8(alice.source(CAMERA), false);
    GenericNack nack = alice.publisher.awaitRtcp(GenericNack.class, WAIT);

    assertThat(nack).as("a NACK to the publisher").isNotNull();
    assertThat(nack.mediaSsrc()).isEqualTo(alice.source(CAMERA).ssrc());
    assertThat(nack.lostSequenceNumbers()).containsExactly(lost.header().sequenceNumber());
    assertThat(h.node.stats().nacksSent()).isPositive();
    // The publisher resends it; the subscriber gets it, late, with its payload.
    assertThat(alice.publisher.sendRtp(lost.header(), lost.payload())).isTrue();
    ReceivedRtp late =
        bob.subscriber.awaitRtp(
            p -> p.ssrc() == offered.ssrc() && Arrays.equals(p.payload(), lost.payload()), WAIT);
    assertThat(late).as("the resent packet, forwarded").isNotNull();
  }

  @Test
  void aLostPacketThatNeverComesIsAskedForThreeTimesAndThenForgotten() throws Exception {
    Member alice = h.join("alice", ALL, CAMERA);
    Member bob = h.join("bob", ALL);
    h.settle();
    h.awaitConnected();
    alice.videoReaches(bob, CAMERA);
    alice.publisher.clearReceived();

    SentRtp lost = alice.publisher.loseVp8(alice.source(CAMERA), false);
    alice.publisher.sendVp8(alice.source(CAMERA), false);
    int asks = 0;
    long deadline = System.nanoTime() + 1_500_000_000L;
    while (System.nanoTime() < deadline) {
      GenericNack nack = alice.publisher.awaitRtcp(GenericNack.class, Duration.ofMillis(200));
      if (nack != null && nack.lostSequenceNumbers().contains(lost.header().sequenceNumber())) {
        asks++;
      }
    }
    assertThat(asks).isEqualTo(3);
  }

  @Test
  void theRoundTripTimeToASubscriberIsMeasuredOnTheNodesClockWhateverThePublishersClockSays()
      throws Exception {
    Member alice = h.join("alice", ALL, CAMERA);
    Member bob = h.join("bob", ALL);
    h.settle();
    h.awaitConnected();
    OfferedStream offered = bob.streamOf(alice, CAMERA);
    alice.videoReaches(bob, CAMERA);
    bob.subscriber.clearReceived();

    // The publisher's clock is years behind the node's: its NTP time says so.
    long ntp = (3_900_000_000L << 32) | 0x8000_0000L;
    alice.publisher.sendRtcp(
        new SenderReport(alice.source(CAMERA).ssrc(), ntp, 90_000, 10, 3000, List.of()));
    SenderReport translated = bob.subscriber.awaitRtcp(SenderReport.class, WAIT);
    assertThat(translated).as("the sender report, passed on").isNotNull();
    long lsr = (translated.ntpTimestamp() >>> 16) & 0xFFFF_FFFFL;
    bob.subscriber.sendRtcp(
        new ReceiverReport(0x4242, List.of(new ReportBlock(offered.ssrc(), 0, 0, 0, 0, lsr, 0))));

    SfuHarness.awaitNode("an RTT for bob", () -> bob.stats().rttMillis() >= 0);
    assertThat(bob.stats().rttMillis()).isBetween(0.0, 2000.0);
  }

  @Test
  void keyframeRequestsFromSubscribersReachThePublisherAtMostOncePer300Milliseconds()
      throws Exception {
    Member alice = h.join("alice", ALL, CAMERA);
    Member bob = h.join("bob", ALL);
    Member carol = h.join("carol", ALL);
    h.settle();
    h.awaitConnected();
    alice.videoReaches(bob, CAMERA);
    alice.videoReaches(carol, CAMERA);
    OfferedStream toBob = bob.streamOf(alice, CAMERA);
    OfferedStream toCarol = carol.streamOf(alice, CAMERA);
    SfuHarness.sleep(400);
    alice.publisher.clearReceived();
    long before = h.node.stats().keyframeRequests();

    List<Long> arrivals = new ArrayList<>();
    alice.publisher.setRtcpListener(
        c -> {
          if (!c.of(PictureLossIndication.class).isEmpty()) {
            synchronized (arrivals) {
              arrivals.add(c.receivedNanos());
            }
          }
        });
    int sent = 0;
    long start = System.nanoTime();
    for (int i = 0; i < 50; i++) { // a second or more
      bob.subscriber.sendRtcp(new PictureLossIndication(1, toBob.ssrc()));
      carol.subscriber.sendRtcp(new PictureLossIndication(2, toCarol.ssrc()));
      sent += 2;
      SfuHarness.sleep(20);
    }
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
    SfuHarness.sleep(400); // the last held-back request goes out at most 300 ms after

    List<Long> plis;
    synchronized (arrivals) {
      plis = List.copyOf(arrivals);
    }
    assertThat(sent).isGreaterThan(20);
    // Held-back requests are sent when the interval ends: at most one more after the last.
    assertThat(plis).as("PLIs at the publisher").hasSizeBetween(2, (int) (elapsedMillis / 300) + 2);
    // 300 ms apart at the node; on a busy machine our thread may read one late, so the span from
    // first to last is checked, with room for that one late read.
    long spanMillis = (plis.get(plis.size() - 1) - plis.get(0)) / 1_000_000;
    assertThat(spanMillis).isGreaterThanOrEqualTo(300L * (plis.size() - 1) - 150);
    assertThat(h.node.stats().keyframeRequests() - before).isEqualTo(plis.size());
    assertThat(bob.stats().plis() + carol.stats().plis()).isEqualTo(sent);
  }

  @Test
  void aKeyframeRequestHeldBackByTheRateLimitIsSentWhenTheIntervalEnds() throws Exception {
    Member alice = h.join("alice", ALL, CAMERA);
    Member bob = h.join("bob", ALL);
    h.settle();
    h.awaitConnected();
    alice.videoReaches(bob, CAMERA);
    OfferedStream video = bob.streamOf(alice, CAMERA);
    SfuHarness.sleep(400);
    alice.publisher.clearReceived();
    LinkedBlockingQueue<Long> plis = new LinkedBlockingQueue<>();
    alice.publisher.setRtcpListener(
        c -> c.of(PictureLossIndication.class).forEach(p -> plis.add(c.receivedNanos())));

    bob.subscriber.sendRtcp(new PictureLossIndication(1, video.ssrc()));
    Long first = plis.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    bob.subscriber.sendRtcp(new PictureLossIndication(1, video.ssrc())); // within 300 ms
    Long second = plis.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);

    assertThat(first).as("the first request").isNotNull();
    assertThat(second).as("the held-back request").isNotNull();
    assertThat((second - first) / 1_000_000).isBetween(250L, 2000L);
    assertThat(plis.poll(QUIET.toMillis(), TimeUnit.MILLISECONDS)).as("only once").isNull();
  }

  @Test
  void thePublisherReceivesReceiverReportsAndTransportWideFeedback() throws Exception {
    Member alice = h.join("alice", ALL, MICROPHONE);
    h.settle();
    h.awaitConnected();
    long ssrc = alice.source(MICROPHONE).ssrc();
    List<ReceivedRtcp> rtcp = new ArrayList<>();
    alice.publisher.setRtcpListener(
        c -> {
          synchronized (rtcp) {
            rtcp.add(c);
          }
        });

    Set<Integer> transportSequences = new HashSet<>();
    SentRtp last = null;
    for (int i = 0; i < 30; i++) {
      last = alice.publisher.sendOpus(alice.source(MICROPHONE), 50, false);
      for (HeaderExtension e : last.header().extensions()) {
        if (e.id() == 3) {
          transportSequences.add(
              ExtensionValues.readTransportWideSequenceNumber(e.data(), 0, e.length()));
        }
      }
      SfuHarness.sleep(20);
    }
    int lastSequence = last.sequenceNumber();
    SfuHarness.awaitNode(
        "a receiver report and feedback on every packet",
        () -> {
          synchronized (rtcp) {
            return reportOn(rtcp, ssrc, lastSequence) != null
                && reported(rtcp).containsAll(transportSequences);
          }
        });

    ReportBlock block;
    synchronized (rtcp) {
      block = reportOn(rtcp, ssrc, lastSequence);
    }
    assertThat(block.cumulativeLost()).isZero();
    assertThat(block.fractionLost()).isZero();
  }

  private static ReportBlock reportOn(List<ReceivedRtcp> rtcp, long ssrc, int lastSequence) {
    for (ReceivedRtcp c : rtcp) {
      for (ReceiverReport rr : c.of(ReceiverReport.class)) {
        for (ReportBlock b : rr.reportBlocks()) {
          if (b.ssrc() == ssrc && (b.extendedHighestSequence() & 0xFFFF) == lastSequence) {
            return b;
          }
        }
      }
    }
    return null;
  }

  private static Set<Integer> reported(List<ReceivedRtcp> rtcp) {
    Set<Integer> out = new HashSet<>();
    for (ReceivedRtcp c : rtcp) {
      for (TransportCcFeedback f : c.of(TransportCcFeedback.class)) {
        f.arrivals().forEach(a -> out.add(a.sequence()));
      }
    }
    return out;
  }
}
