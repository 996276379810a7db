package org.conclave.media.testpeer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.conclave.media.testpeer.InboundStats.InboundTrack;
import org.conclave.media.testpeer.WebRtcPeer.ReceivedTrack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two libwebrtc peers in one JVM, straight to each other over {@code ::1}: the harness proves
 * itself here before the SFU sits between them.
 */
@WebRtcTest
class WebRtcPeerToPeerTest {

  private static final Duration WITHIN = Duration.ofSeconds(10);

  private final WebRtcPeer alice = WebRtcPeer.publisher("alice");
  private final WebRtcPeer bob = WebRtcPeer.subscriber("bob");

  @AfterEach
  void close() {
    bob.close();
    alice.close();
  }

  @Test
  void subscriberDecodesThePublishersVideoAndReceivesItsAudio() {
    alice.publish();
    alice.setRemoteAnswer(bob.answer(alice.createOffer()));
    bob.awaitIceConnected();

    InboundStats first = bob.inboundStats();
    // A second of each: 30 frames, 48,000 samples.
    InboundStats later =
        bob.awaitInbound(
            s ->
                s.framesDecoded() >= first.framesDecoded() + 30
                    && s.audioSamplesReceived() >= first.audioSamplesReceived() + 48_000,
            WITHIN);

    assertThat(later.track("alice-video").map(InboundTrack::framesDecoded)).get().isNotEqualTo(0L);
    assertThat(later.track("alice-audio").map(InboundTrack::samplesReceived))
        .get()
        .isNotEqualTo(0L);
    assertThat(later.bytesReceived()).isGreaterThan(first.bytesReceived());
  }

  @Test
  void subscriberSeesThePublishersTracksWithTheirIds() {
    alice.publish();
    alice.setRemoteAnswer(bob.answer(alice.createOffer()));
    bob.awaitReceivedTracks(2);

    assertThat(bob.receivedTracks())
        .containsExactly(
            new ReceivedTrack("audio", "alice-audio", "0"),
            new ReceivedTrack("video", "alice-video", "1"));
  }

  @Test
  void offerAndAnswerCarryTheirCandidatesOnLoopbackWithoutTrickle() {
    alice.publish();
    String offer = alice.createOffer();
    String answer = bob.answer(offer);

    assertThat(alice.localCandidates()).isNotEmpty().allMatch(c -> c.contains(" ::1 "));
    assertThat(bob.localCandidates()).isNotEmpty().allMatch(c -> c.contains(" ::1 "));
    assertThat(candidateLines(offer)).containsAll(withoutUfrag(alice.localCandidates()));
    assertThat(candidateLines(answer)).containsAll(withoutUfrag(bob.localCandidates()));
  }

  @Test
  void remoteCandidatesGivenBeforeTheOfferAreAddedOnceItIsSet() {
    alice.publish();
    String offer = alice.createOffer();
    // Only bob learns where alice is, and before he has her offer: the queue is the only way.
    for (String candidate : alice.localCandidates()) {
      bob.addRemoteCandidate("0", 0, candidate);
    }
    alice.setRemoteAnswer(withoutCandidates(bob.answer(withoutCandidates(offer))));

    bob.awaitIceConnected();
    alice.awaitIceConnected();
  }

  @Test
  void peersOfTheWrongRoleRefuseToOfferOrAnswer() {
    assertThatIllegalStateException()
        .isThrownBy(bob::createOffer)
        .withMessageContaining("bob is a SUBSCRIBER");
    assertThatIllegalStateException()
        .isThrownBy(() -> alice.answer("v=0"))
        .withMessageContaining("alice is a PUBLISHER");
  }

  private static List<String> candidateLines(String sdp) {
    return sdp.lines()
        .filter(l -> l.startsWith("a=candidate:"))
        .map(l -> l.substring(2))
        .collect(Collectors.toList());
  }

  // onIceCandidate gives "... generation 0 ufrag XXXX network-cost 999"; the SDP leaves ufrag out.
  private static List<String> withoutUfrag(List<String> candidates) {
    return candidates.stream().map(c -> c.replaceAll(" ufrag \\S+", "")).toList();
  }

  private static String withoutCandidates(String sdp) {
    return sdp.lines()
            .filter(l -> !l.startsWith("a=candidate:"))
            .collect(Collectors.joining("\r\n"))
        + "\r\n";
  }
}
