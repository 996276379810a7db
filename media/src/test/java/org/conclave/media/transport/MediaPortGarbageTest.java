package org.conclave.media.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.conclave.media.TrackSource.CAMERA;
import static org.conclave.media.TrackSource.MICROPHONE;
import static org.conclave.media.sfu.SfuHarness.ALL;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.conclave.media.DropReason;
import org.conclave.media.client.ClientOptions;
import org.conclave.media.client.ClientPeer;
import org.conclave.media.rtp.RtpFields;
import org.conclave.media.rtp.RtpWriter;
import org.conclave.media.sfu.SfuHarness;
import org.conclave.media.sfu.SfuHarness.Member;
import org.conclave.media.stun.Stun;
import org.conclave.media.stun.StunWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Garbage on the media port, from unknown addresses and from a connected peer's own: every packet
 * is dropped and counted under its {@link DropReason}, no exception escapes the packet path, and
 * media between the good peers keeps flowing.
 */
class MediaPortGarbageTest {

  /** RFC 8489 §5: the STUN header is 20 bytes. */
  private static final int STUN_HEADER = 20;

  private final Random random = new Random(4);
  private SfuHarness h;
  private Member alice;
  private Member bob;
  private DatagramChannel stranger;
  private Map<DropReason, Long> before;

  @BeforeEach
  void start() throws Exception {
    h = new SfuHarness();
    alice = h.join("alice", ALL, MICROPHONE, CAMERA);
    bob = h.join("bob", ALL);
    h.settle();
    h.awaitConnected();
    alice.audioReaches(bob);
    stranger = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
    before = h.node.stats().drops();
  }

  @AfterEach
  void stop() throws IOException {
    h.assertNoHandlerErrors();
    stranger.close();
    h.close();
  }

  @Test
  void randomBytesFromAnUnknownAddressAreDroppedAndCountedByTheirFirstByte() throws Exception {
    Map<DropReason, Long> expected = new EnumMap<>(DropReason.class);
    for (int i = 0; i < 1000; i++) {
      byte[] d = randomBytes(i % 10 == 0 ? random.nextInt(1501) : random.nextInt(100));
      expected.merge(fromStranger(d), 1L, Long::sum);
      toNode(d);
    }
    awaitDrops(expected);
    mediaStillFlows();
  }

  @Test
  void randomBytesFromAConnectedPeersAddressAreDroppedAndCounted() throws Exception {
    Map<DropReason, Long> expected = new EnumMap<>(DropReason.class);
    for (int i = 0; i < 500; i++) {
      byte[] d = randomBytes(i % 10 == 0 ? random.nextInt(1501) : random.nextInt(100));
      if (d.length > 1 && (d[0] & 0xFF) >= 20 && (d[0] & 0xFF) <= 63) {
        d[1] = 0; // not a DTLS version: never a well-formed record
      }
      expected.merge(fromBoundPeer(d), 1L, Long::sum);
      assertThat(alice.publisher.sendRaw(d)).isTrue();
    }
    awaitDrops(expected);
    mediaStillFlows();
  }

  @Test
  void stunWithABadMessageIntegrityIsDroppedUnansweredAndBindsNothing() throws Exception {
    String username = alice.publisher.remoteUfrag() + ":" + alice.publisher.localUfrag();
    byte[] wrongKey = "not-the-password-of-this-ufrag".getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < 10; i++) {
      toNode(bindingRequest(username, wrongKey));
    }
    byte[] badFingerprint = bindingRequest(username, nodePassword());
    badFingerprint[badFingerprint.length - 1] ^= 1; // FINGERPRINT is the last attribute
    toNode(badFingerprint);

    awaitDrops(Map.of(DropReason.STUN_BAD_INTEGRITY, 11L));
    assertNoAnswer();
    toNode(rtpLike(100)); // the address was not bound by those checks
    awaitDrops(Map.of(DropReason.STUN_BAD_INTEGRITY, 11L, DropReason.UNKNOWN_SOURCE, 1L));
    mediaStillFlows();
  }

  @Test
  void stunForAnUnknownUsernameIsDroppedUnanswered() throws Exception {
    byte[] key = nodePassword();
    toNode(bindingRequest("nosuchuf:" + alice.publisher.localUfrag(), key));
    toNode(bindingRequest(alice.publisher.remoteUfrag() + ":someone-else", key));
    toNode(bindingRequest("no-colon-at-all", key));

    awaitDrops(Map.of(DropReason.STUN_UNKNOWN_USERNAME, 3L));
    assertNoAnswer();
    mediaStillFlows();
  }

  @Test
  void stunThatIsNotABindingRequestIsDroppedUnanswered() throws Exception {
    byte[] indication = new byte[STUN_HEADER];
    indication[1] = 0x11; // Binding indication (RFC 8489 §6): a keepalive needs no answer
    ByteBuffer.wrap(indication, 4, 4).putInt(Stun.MAGIC_COOKIE);
    toNode(indication);
    byte[] response = new byte[StunWriter.MAX_LENGTH];
    int n =
        StunWriter.bindingSuccess(
            transactionId(), new InetSocketAddress("127.0.0.1", 9), nodePassword(), response, 0);
    toNode(java.util.Arrays.copyOf(response, n));

    awaitDrops(Map.of(DropReason.STUN_UNEXPECTED, 2L));
    assertNoAnswer();
    mediaStillFlows();
  }

  @Test
  void rtpForSsrcsThePeerNeverAnnouncedIsDroppedAfterDecryption() throws Exception {
    for (int i = 0; i < 20; i++) {
      long ssrc = 0x10000000L + i; // properly encrypted, but no track has it and no mid binds it
      assertThat(alice.publisher.sendRtp(RtpFields.of(false, 111, i, 0, ssrc), randomBytes(50)))
          .isTrue();
    }
    for (int i = 0; i < 5; i++) {
      // Subscribers receive; media from them is not for anyone.
      assertThat(bob.subscriber.sendRtp(RtpFields.of(false, 111, i, 0, 77), randomBytes(50)))
          .isTrue();
    }
    awaitDrops(Map.of(DropReason.RTP_UNKNOWN_SSRC, 25L));
    mediaStillFlows();
  }

  @Test
  void rtpWhosePaddingCountExceedsItsPayloadIsDroppedAsMalformed() throws Exception {
    // A stream of its own (its SRTP context starts with these packets); the header is judged
    // before the SSRC is looked up.
    long ssrc = 0x20000000L;
    for (int i = 0; i < 10; i++) {
      byte[] packet = new byte[64];
      int n =
          RtpWriter.write(
              packet, 0, RtpFields.of(false, 111, 100 + i, 0, ssrc), randomBytes(10), 0, 10, 4);
      packet = java.util.Arrays.copyOf(packet, n);
      packet[n - 1] = (byte) 255; // padding longer than the packet (RFC 3550 §5.1)
      assertThat(alice.publisher.sendRtpBytes(packet)).isTrue();
    }
    awaitDrops(Map.of(DropReason.RTP_MALFORMED, 10L));
    mediaStillFlows();
  }

  @Test
  void mediaAndDtlsFromAnAddressThatPassedNoCheckAreDroppedAsUnknownSource() throws Exception {
    for (int i = 0; i < 10; i++) {
      toNode(rtpLike(20 + 100 * i));
      toNode(dtlsRecord(22, 0, 50 + i)); // a well-formed handshake record
    }
    awaitDrops(Map.of(DropReason.UNKNOWN_SOURCE, 20L));
    mediaStillFlows();
  }

  @Test
  void oversizedDatagramsAreDroppedAndCounted() throws Exception {
    long oversized = h.node.transportCounters().oversized();
    int[] sizes = {1501, 1600, 4000, 9000, 65_000};
    for (int size : sizes) {
      toNode(rtpLike(size));
      assertThat(alice.publisher.sendRaw(rtpLike(size))).isTrue();
    }
    awaitDrops(Map.of(DropReason.OVERSIZED, 2L * sizes.length));
    assertThat(h.node.transportCounters().oversized() - oversized).isEqualTo(2L * sizes.length);
    mediaStillFlows();
  }

  @Test
  void truncatedPacketsFromAConnectedPeerAreDroppedAndCounted() throws Exception {
    byte[] check = bindingRequest(alice.publisher.remoteUfrag() + ":x", nodePassword());
    byte[] record = dtlsRecord(22, 0, 100);
    byte[] rtp = rtpLike(100);
    for (int len = 1; len < 40; len++) {
      alice.publisher.sendRaw(java.util.Arrays.copyOf(check, len));
      alice.publisher.sendRaw(java.util.Arrays.copyOf(record, len));
      alice.publisher.sendRaw(java.util.Arrays.copyOf(rtp, len));
    }
    awaitDrops(
        Map.of(
            DropReason.STUN_MALFORMED, 39L,
            DropReason.DTLS_REFUSED, 39L,
            DropReason.SRTP_REFUSED, 39L));
    mediaStillFlows();
  }

  @Test
  void dtlsGarbageFromAConnectedPeerIsDroppedAndCountedAndTheAssociationSurvives()
      throws Exception {
    int sent = 0;
    for (int type = 20; type <= 23; type++) {
      for (int epoch = 0; epoch <= 2; epoch++) {
        for (int i = 0; i < 5; i++) {
          assertThat(alice.publisher.sendRaw(dtlsRecord(type, epoch, 1 + random.nextInt(300))))
              .isTrue();
          sent++;
        }
      }
    }
    for (int i = 0; i < 20; i++) {
      byte[] junkHeader = randomBytes(13 + random.nextInt(200));
      junkHeader[0] = (byte) (20 + random.nextInt(44));
      junkHeader[1] = 0; // not a DTLS version
      alice.publisher.sendRaw(junkHeader);
      sent++;
    }
    awaitDrops(Map.of(DropReason.DTLS_REFUSED, (long) sent));
    assertThat(h.closures).as("transports closed by garbage").isEmpty();
    assertThat(alice.publisher.awaitClosed(java.time.Duration.ZERO)).isNull();
    mediaStillFlows();
  }

  @Test
  void iceTcpFramesWithAbsurdLengthsCloseTheConnectionAndAreCounted() throws Exception {
    long badFrames = h.node.transportCounters().tcpBadFrame();
    for (int length : new int[] {0xFFFF, 2049, 40_000}) {
      try (SocketChannel c = SocketChannel.open(new InetSocketAddress("127.0.0.1", port()))) {
        ByteBuffer frame = ByteBuffer.allocate(2 + 100);
        frame.putShort((short) length).put(randomBytes(100)).flip();
        c.write(frame);
        c.socket().setSoTimeout(5000);
        assertThat(c.socket().getInputStream().read()).as("closed by the node").isEqualTo(-1);
      }
    }
    assertThat(h.node.transportCounters().tcpBadFrame() - badFrames).isEqualTo(3);
    mediaStillFlows();
  }

  @Test
  void iceTcpFramesLongerThanADatagramOrEmptyAreDroppedAndCounted() throws Exception {
    try (SocketChannel c = SocketChannel.open(new InetSocketAddress("127.0.0.1", port()))) {
      ByteBuffer frames = ByteBuffer.allocate(3 * 2 + 1600 + 2000);
      frames.putShort((short) 1600).put(rtpLike(1600));
      frames.putShort((short) 0);
      frames.putShort((short) 2000).put(rtpLike(2000));
      c.write(frames.flip());
      awaitDrops(Map.of(DropReason.OVERSIZED, 2L, DropReason.NOT_DEMULTIPLEXABLE, 1L));
    }
    mediaStillFlows();
  }

  @Test
  void anEncryptedIceTcpPacketLongerThanADatagramIsDroppedNotForwarded() throws Exception {
    ClientOptions tcp = ClientOptions.loopback().withTransport(ClientOptions.Transport.TCP);
    ClientPeer carolPublisher = h.newClient(tcp.withLabel("carol-pub"));
    Member carol = h.join("carol", ALL);
    carol.sources.put(CAMERA, org.conclave.media.client.Source.of(CAMERA));
    carol.publishOn(carolPublisher);
    h.settle();
    h.awaitConnected();
    carol.videoReaches(bob, CAMERA);
    before = h.node.stats().drops();

    // Authenticated by SRTP, so only its size is wrong: 1,800 bytes fit an ICE-TCP frame.
    carolPublisher.sendVp8(carol.source(CAMERA), true, 1800);

    awaitDrops(Map.of(DropReason.OVERSIZED, 1L));
    carol.videoReaches(bob, CAMERA);
    mediaStillFlows();
  }

  // ------------------------------------------------------------------ helpers

  /** How the node sorts a datagram from an address no valid check came from. */
  private static DropReason fromStranger(byte[] d) {
    if (d.length == 0) {
      return DropReason.NOT_DEMULTIPLEXABLE;
    }
    int first = d[0] & 0xFF;
    if (first <= 3) {
      return DropReason.STUN_MALFORMED; // random bytes never pass looksLikeStun (checked below)
    }
    if ((first >= 20 && first <= 63) || (first >= 128 && first <= 191)) {
      return DropReason.UNKNOWN_SOURCE;
    }
    return DropReason.NOT_DEMULTIPLEXABLE;
  }

  /** How the node sorts a (non-STUN-like, non-DTLS-record) datagram from a connected peer. */
  private static DropReason fromBoundPeer(byte[] d) {
    if (d.length == 0) {
      return DropReason.NOT_DEMULTIPLEXABLE;
    }
    int first = d[0] & 0xFF;
    if (first <= 3) {
      return DropReason.STUN_MALFORMED;
    }
    if (first >= 20 && first <= 63) {
      return DropReason.DTLS_REFUSED;
    }
    if (first >= 128 && first <= 191) {
      return DropReason.SRTP_REFUSED; // random bytes never authenticate
    }
    return DropReason.NOT_DEMULTIPLEXABLE;
  }

  private byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    if (n >= STUN_HEADER && Stun.looksLikeStun(b, 0, n)) {
      b[4] ^= 1; // astronomically unlikely; keeps the expectations exact
    }
    return b;
  }

  /** An RTP-looking datagram: version 2, PT 111, then random bytes. */
  private byte[] rtpLike(int n) {
    byte[] b = randomBytes(n);
    b[0] = (byte) 0x80;
    if (n > 1) {
      b[1] = 111;
    }
    return b;
  }

  /** A well-formed DTLS 1.2 record header (RFC 6347 §4.1) over {@code length} random bytes. */
  private byte[] dtlsRecord(int type, int epoch, int length) {
    byte[] b = randomBytes(13 + length);
    b[0] = (byte) type;
    b[1] = (byte) 254;
    b[2] = (byte) 253;
    b[3] = (byte) (epoch >>> 8);
    b[4] = (byte) epoch;
    b[11] = (byte) (length >>> 8);
    b[12] = (byte) length;
    return b;
  }

  private byte[] transactionId() {
    byte[] id = new byte[12];
    random.nextBytes(id);
    return id;
  }

  private byte[] bindingRequest(String username, byte[] key) {
    byte[] out = new byte[StunWriter.MAX_LENGTH];
    int n = StunWriter.bindingRequest(transactionId(), username, 1234, 5678, true, key, out, 0);
    return java.util.Arrays.copyOf(out, n);
  }

  /** Any password-like key; a check with it fails unless it is the node's, which we never know. */
  private static byte[] nodePassword() {
    return "0123456789abcdefghijklmnopqrstuv".getBytes(StandardCharsets.UTF_8);
  }

  private int port() {
    return h.node.port();
  }

  private void toNode(byte[] d) throws IOException {
    stranger.send(ByteBuffer.wrap(d), new InetSocketAddress("127.0.0.1", port()));
  }

  private void assertNoAnswer() throws IOException {
    stranger.configureBlocking(false);
    SfuHarness.sleep(200);
    assertThat(stranger.receive(ByteBuffer.allocate(2048))).as("an answer").isNull();
  }

  /** Waits until the drops since the test began are exactly {@code expected}, no other reason. */
  private void awaitDrops(Map<DropReason, Long> expected) {
    Map<DropReason, Long> want = new EnumMap<>(DropReason.class);
    for (DropReason r : DropReason.values()) {
      want.put(r, expected.getOrDefault(r, 0L));
    }
    long deadline = System.nanoTime() + SfuHarness.WAIT.toNanos();
    Map<DropReason, Long> got = deltas();
    while (!got.equals(want) && System.nanoTime() < deadline) {
      SfuHarness.sleep(20);
      got = deltas();
    }
    assertThat(got).as("drops by reason").isEqualTo(want);
    // The node's own Drops agree with its stats (OVERSIZED is counted by the loop, merged there).
    for (DropReason r : List.of(DropReason.values())) {
      if (r != DropReason.OVERSIZED) {
        assertThat(h.node.drops().get(r) - before.get(r)).isEqualTo(want.get(r));
      }
    }
  }

  private Map<DropReason, Long> deltas() {
    Map<DropReason, Long> now = h.node.stats().drops();
    Map<DropReason, Long> out = new EnumMap<>(DropReason.class);
    for (DropReason r : DropReason.values()) {
      out.put(r, now.get(r) - before.get(r));
    }
    return out;
  }

  private void mediaStillFlows() {
    alice.audioReaches(bob);
    alice.videoReaches(bob, CAMERA);
  }
}
