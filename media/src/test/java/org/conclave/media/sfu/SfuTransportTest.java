package org.conclave.media.sfu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.conclave.media.TrackSource.CAMERA;
import static org.conclave.media.TrackSource.MICROPHONE;
import static org.conclave.media.sfu.SfuHarness.ALL;
import static org.conclave.media.sfu.SfuHarness.ROOM;
import static org.conclave.media.sfu.SfuHarness.WAIT;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.conclave.media.DropReason;
import org.conclave.media.client.ClientOptions;
import org.conclave.media.client.ClientPeer;
import org.conclave.media.client.ReceivedRtp;
import org.conclave.media.client.Source;
import org.conclave.media.sfu.SfuHarness.Closed;
import org.conclave.media.sfu.SfuHarness.Member;
import org.conclave.media.transport.TransportSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Peer transports over their life: removal, consent, ICE restart, ICE-TCP, new connections. */
class SfuTransportTest {

  private SfuHarness h;

  @AfterEach
  void stop() {
    h.assertNoHandlerErrors();
    h.close();
  }

  @Test
  void removingAPeerTearsDownBothItsTransports() throws Exception {
    h = new SfuHarness();
    Member alice = h.join("alice", ALL, MICROPHONE);
    Member bob = h.join("bob", ALL, MICROPHONE);
    h.settle();
    h.awaitConnected();
    assertThat(h.node.stats().transports()).isEqualTo(4);

    h.node.removePeer(ROOM, "alice");

    assertThat(h.node.stats().transports()).isEqualTo(2);
    assertThat(h.node.stats().peers()).isEqualTo(1);
    assertThat(h.node.peerStats(ROOM, "alice")).isEmpty();
    assertThat(alice.publisher.awaitClosed(WAIT)).isEqualTo("dtls-closed");
    assertThat(alice.subscriber.awaitClosed(WAIT)).isEqualTo("dtls-closed");
    assertThat(h.closures).as("a removal is not a lost transport").isEmpty();
    assertThat(bob.stats().transports()).isEqualTo(2);
  }

  @Test
  void aPeerWhoseConsentLapsesIsClosedAfterTheConsentTimeout() throws Exception {
    h =
        new SfuHarness(
            TransportSettings.loopback(0).withConsentTimeout(Duration.ofSeconds(2)),
            ClientOptions.loopback().withConsentInterval(Duration.ofMillis(400)));
    Member alice = h.join("alice", ALL, MICROPHONE);
    Member bob = h.join("bob", ALL, MICROPHONE);
    h.settle();
    h.awaitConnected();

    long stopped = System.nanoTime();
    alice.publisher.setConsentChecks(false);
    Closed closed = h.closures.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    long afterMillis = (System.nanoTime() - stopped) / 1_000_000;

    assertThat(closed).isEqualTo(new Closed("alice", "publish", "consent-expired"));
    // The last check was at most one consent interval before we stopped.
    assertThat(afterMillis).isBetween(2000L - 400, 5000L);
    assertThat(alice.stats().publishConnected()).isFalse();
    assertThat(h.closures.poll(1200, TimeUnit.MILLISECONDS)).as("the others stay").isNull();
    assertThat(h.node.stats().transports()).isEqualTo(3);
    bob.audioReaches(alice);
    // RFC 7675 §5.1: nothing more is sent on an expired pair, not even close_notify; what alice
    // still sends comes from an address the node has forgotten.
    assertThat(alice.publisher.awaitClosed(Duration.ZERO)).isNull();
    long unknown = h.node.drops().get(DropReason.UNKNOWN_SOURCE);
    alice.publisher.sendOpus(alice.source(MICROPHONE), 30, true);
    SfuHarness.awaitNode(
        "a dropped packet", () -> h.node.drops().get(DropReason.UNKNOWN_SOURCE) > unknown);
  }

  @Test
  void anIceRestartKeepsMediaFlowingWithoutANewDtlsHandshake() throws Exception {
    h = new SfuHarness();
    Member alice = h.join("alice", ALL, MICROPHONE);
    Member bob = h.join("bob", ALL);
    h.settle();
    h.awaitConnected();
    ReceivedRtp before = alice.audioReaches(bob);
    String nodeUfrag = alice.publisher.remoteUfrag();
    String ourUfrag = alice.publisher.localUfrag();
    int transports = h.node.stats().transports();

    long answered = alice.publisher.counters().checkResponses();
    alice.publisher.restartIce();
    alice.publishOn(alice.publisher);
    SfuHarness.awaitNode(
        "a check on the new credentials answered",
        () -> alice.publisher.counters().checkResponses() > answered);

    assertThat(alice.publisher.remoteUfrag()).isNotEqualTo(nodeUfrag);
    assertThat(alice.publisher.localUfrag()).isNotEqualTo(ourUfrag);
    assertThat(alice.publisher.sendOpus(alice.source(MICROPHONE), 30, true).sent()).isTrue();
    ReceivedRtp after = bob.subscriber.awaitRtp(p -> p.ssrc() == before.ssrc(), WAIT);
    assertThat(after).as("media after the restart").isNotNull();
    assertThat(after.sequenceNumber()).isEqualTo((before.sequenceNumber() + 1) & 0xFFFF);
    assertThat(alice.publisher.counters().dtlsHandshakes()).isEqualTo(1);
    assertThat(h.node.stats().transports()).isEqualTo(transports);
  }

  @Test
  void aPeerOnIceTcpOnlyHasItsMediaForwarded() throws Exception {
    h = new SfuHarness();
    ClientOptions udp = ClientOptions.loopback();
    ClientOptions tcp = udp.withTransport(ClientOptions.Transport.TCP);
    Member alice = h.join("alice", ALL, tcp, tcp, MICROPHONE, CAMERA);
    Member bob = h.join("bob", ALL, tcp, tcp);
    h.settle();
    h.awaitConnected();

    alice.audioReaches(bob);
    alice.videoReaches(bob, CAMERA);

    assertThat(alice.stats().transportProtocol()).isEqualTo("tcp");
    assertThat(h.node.transportCounters().tcpAccepted()).isEqualTo(2);
  }

  @Test
  void aPublishOfferFromANewPeerConnectionGetsANewTransport() throws Exception {
    h = new SfuHarness();
    Member alice = h.join("alice", ALL, MICROPHONE);
    Member bob = h.join("bob", ALL);
    h.settle();
    h.awaitConnected();
    ReceivedRtp before = alice.audioReaches(bob);
    ClientPeer old = alice.publisher;
    int transports = h.node.stats().transports();

    // The page made a new RTCPeerConnection: new certificate, new SSRCs, same mids.
    alice.sources.replaceAll((source, s) -> Source.of(source));
    ClientPeer fresh = h.newClient("alice-pub2");
    alice.publishOn(fresh);
    fresh.awaitConnected(WAIT);

    assertThat(fresh.remoteUfrag()).isNotEqualTo(old.remoteUfrag());
    assertThat(old.awaitClosed(WAIT)).isEqualTo("dtls-closed");
    assertThat(h.node.stats().transports()).isEqualTo(transports);
    assertThat(h.closures).as("a replaced transport is not a lost one").isEmpty();
    assertThat(fresh.sendOpus(alice.source(MICROPHONE), 30, true).sent()).isTrue();
    ReceivedRtp after = bob.subscriber.awaitRtp(p -> p.ssrc() == before.ssrc(), WAIT);
    assertThat(after).as("the new connection's first packet").isNotNull();
    // The subscriber's stream goes on under its SSRC, without a gap.
    assertThat(after.sequenceNumber()).isEqualTo((before.sequenceNumber() + 1) & 0xFFFF);
  }
}
