package org.conclave.media.srtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.conclave.media.srtp.SrtpTestPackets.clientKeys;
import static org.conclave.media.srtp.SrtpTestPackets.rtcp;
import static org.conclave.media.srtp.SrtpTestPackets.rtp;
import static org.conclave.media.srtp.SrtpTestPackets.rtpWithCsrcAndExtension;
import static org.conclave.media.srtp.SrtpTestPackets.serverKeys;
import static org.conclave.media.srtp.SrtpTestPackets.withRoom;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two sessions made from the same DTLS keying material, one as DTLS client and one as server: what
 * one protects, the other unprotects.
 */
class SrtpSessionTest {

  private static final int SSRC = 0xCAFEBABE;

  private SrtpSession client;
  private SrtpSession server;

  private void open(SrtpProfile profile) {
    client = new SrtpSession(clientKeys(profile));
    server = new SrtpSession(serverKeys(profile));
  }

  @AfterEach
  void close() {
    if (client != null) {
      client.close();
      server.close();
    }
  }

  /** Protects with the client session; returns the SRTP packet, exactly its length. */
  private byte[] protectRtp(byte[] plain) {
    byte[] buf = withRoom(plain, client.profile().rtpOverhead());
    int n = client.protectRtp(buf, 0, plain.length);
    assertThat(n).isEqualTo(plain.length + client.profile().rtpOverhead());
    return Arrays.copyOf(buf, n);
  }

  private byte[] protectRtcp(byte[] plain) {
    byte[] buf = withRoom(plain, client.profile().rtcpOverhead());
    int n = client.protectRtcp(buf, 0, plain.length);
    assertThat(n).isEqualTo(plain.length + client.profile().rtcpOverhead());
    return Arrays.copyOf(buf, n);
  }

  private int unprotectRtp(byte[] srtp) {
    return server.unprotectRtp(srtp, 0, srtp.length);
  }

  private int unprotectRtcp(byte[] srtcp) {
    return server.unprotectRtcp(srtcp, 0, srtcp.length);
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void rtpRoundTripGivesTheOriginalBytes(SrtpProfile profile) {
    open(profile);
    byte[] plain = rtp(1000, SSRC, 160);
    byte[] srtp = protectRtp(plain);
    assertThat(Arrays.copyOfRange(srtp, 12, 12 + 160))
        .isNotEqualTo(Arrays.copyOfRange(plain, 12, 12 + 160));

    int n = unprotectRtp(srtp);

    assertThat(n).isEqualTo(plain.length);
    assertThat(Arrays.copyOf(srtp, n)).isEqualTo(plain);
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void rtcpRoundTripGivesTheOriginalBytes(SrtpProfile profile) {
    open(profile);
    byte[] plain = rtcp(SSRC);
    byte[] srtcp = protectRtcp(plain);

    int n = unprotectRtcp(srtcp);

    assertThat(n).isEqualTo(plain.length);
    assertThat(Arrays.copyOf(srtcp, n)).isEqualTo(plain);
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void headerWithCsrcAndExtensionStaysInClearAndRoundTrips(SrtpProfile profile) {
    open(profile);
    byte[] plain = rtpWithCsrcAndExtension(7, SSRC);
    byte[] srtp = protectRtp(plain);
    // RFC 3711 §3.1: the header, CSRCs and header extension are authenticated, not encrypted.
    assertThat(Arrays.copyOf(srtp, 24)).isEqualTo(Arrays.copyOf(plain, 24));

    int n = unprotectRtp(srtp);

    assertThat(Arrays.copyOf(srtp, n)).isEqualTo(plain);
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void packetAtAnOffsetRoundTrips(SrtpProfile profile) {
    open(profile);
    byte[] plain = rtp(5, SSRC, 40);
    byte[] buf = new byte[300];
    System.arraycopy(plain, 0, buf, 100, plain.length);

    int protectedLength = client.protectRtp(buf, 100, plain.length);
    int n = server.unprotectRtp(buf, 100, protectedLength);

    assertThat(Arrays.copyOfRange(buf, 100, 100 + n)).isEqualTo(plain);
    assertThat(Arrays.copyOf(buf, 100)).containsOnly(0);
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void copyingVariantsLeaveTheSourceUnchanged(SrtpProfile profile) {
    open(profile);
    byte[] plain = rtp(9, SSRC, 50);
    byte[] original = plain.clone();
    byte[] srtp = new byte[200];
    byte[] back = new byte[200];

    int n = client.protectRtp(plain, 0, plain.length, srtp, 10);
    int m = server.unprotectRtp(srtp, 10, n, back, 20);

    assertThat(plain).isEqualTo(original);
    assertThat(Arrays.copyOfRange(back, 20, 20 + m)).isEqualTo(plain);
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void copyingRtcpVariantsRoundTrip(SrtpProfile profile) {
    open(profile);
    byte[] plain = rtcp(SSRC);
    byte[] srtcp = new byte[100];
    byte[] back = new byte[100];

    int n = client.protectRtcp(plain, 0, plain.length, srtcp, 0);
    int m = server.unprotectRtcp(srtcp, 0, n, back, 0);

    assertThat(Arrays.copyOf(back, m)).isEqualTo(plain);
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void bothDirectionsInteroperate(SrtpProfile profile) {
    open(profile);
    byte[] fromServer = rtp(1, 0x01020304, 20);
    byte[] buf = withRoom(fromServer, profile.rtpOverhead());

    int n = server.protectRtp(buf, 0, fromServer.length);
    int m = client.unprotectRtp(buf, 0, n);

    assertThat(Arrays.copyOf(buf, m)).isEqualTo(fromServer);
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void aSessionCannotReadItsOwnPackets(SrtpProfile profile) {
    open(profile);
    byte[] srtp = protectRtp(rtp(1, SSRC, 20));

    int result = client.unprotectRtp(srtp, 0, srtp.length);

    assertThat(SrtpFailure.of(result)).isEqualTo(SrtpFailure.AUTH_FAILED);
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void flippedPayloadBitFailsAuthentication(SrtpProfile profile) {
    open(profile);
    byte[] srtp = protectRtp(rtp(1, SSRC, 100));
    srtp[40] ^= 0x01;

    assertThat(SrtpFailure.of(unprotectRtp(srtp))).isEqualTo(SrtpFailure.AUTH_FAILED);
    assertThat(server.failures(SrtpFailure.AUTH_FAILED)).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void flippedTagBitFailsAuthentication(SrtpProfile profile) {
    open(profile);
    byte[] srtp = protectRtp(rtp(1, SSRC, 100));
    srtp[srtp.length - 1] ^= (byte) 0x80;

    assertThat(SrtpFailure.of(unprotectRtp(srtp))).isEqualTo(SrtpFailure.AUTH_FAILED);
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void flippedHeaderBitFailsAuthentication(SrtpProfile profile) {
    open(profile);
    byte[] srtp = protectRtp(rtp(1, SSRC, 100));
    srtp[1] ^= 0x01; // payload type 111 -> 110

    assertThat(SrtpFailure.of(unprotectRtp(srtp))).isEqualTo(SrtpFailure.AUTH_FAILED);
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void flippedRtcpBitFailsAuthentication(SrtpProfile profile) {
    open(profile);
    byte[] srtcp = protectRtcp(rtcp(SSRC));
    srtcp[10] ^= 0x04;

    assertThat(SrtpFailure.of(unprotectRtcp(srtcp))).isEqualTo(SrtpFailure.AUTH_FAILED);
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void flippedRtcpTagBitFailsAuthentication(SrtpProfile profile) {
    open(profile);
    byte[] srtcp = protectRtcp(rtcp(SSRC));
    srtcp[srtcp.length - 1] ^= 0x01;

    assertThat(SrtpFailure.of(unprotectRtcp(srtcp))).isEqualTo(SrtpFailure.AUTH_FAILED);
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void replayedRtpIsRefused(SrtpProfile profile) {
    // RFC 3711 §3.3.2: a packet whose index is already in the replay list is discarded.
    open(profile);
    byte[] srtp = protectRtp(rtp(42, SSRC, 30));
    byte[] copy = srtp.clone();
    assertThat(unprotectRtp(srtp)).isPositive();

    assertThat(SrtpFailure.of(unprotectRtp(copy))).isEqualTo(SrtpFailure.REPLAYED);
    assertThat(server.failures(SrtpFailure.REPLAYED)).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void replayedRtcpIsRefused(SrtpProfile profile) {
    open(profile);
    byte[] srtcp = protectRtcp(rtcp(SSRC));
    byte[] copy = srtcp.clone();
    assertThat(unprotectRtcp(srtcp)).isPositive();

    assertThat(SrtpFailure.of(unprotectRtcp(copy))).isEqualTo(SrtpFailure.REPLAYED);
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void packetBehindTheReplayWindowIsRefused(SrtpProfile profile) {
    // RFC 3711 §3.3.2: packets older than the window (64 here) are discarded.
    open(profile);
    byte[] old = protectRtp(rtp(100, SSRC, 10));
    byte[] recent = protectRtp(rtp(200, SSRC, 10));
    assertThat(unprotectRtp(recent)).isPositive();

    assertThat(SrtpFailure.of(unprotectRtp(old))).isEqualTo(SrtpFailure.REPLAYED);
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void reorderedPacketInsideTheWindowIsAccepted(SrtpProfile profile) {
    open(profile);
    byte[] first = protectRtp(rtp(100, SSRC, 10));
    byte[] second = protectRtp(rtp(101, SSRC, 10));
    byte[] third = protectRtp(rtp(102, SSRC, 10));

    assertThat(unprotectRtp(third)).isPositive();
    assertThat(unprotectRtp(first)).isPositive();
    assertThat(unprotectRtp(second)).isPositive();
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void sequenceNumbersWrapPastTheRolloverCounter(SrtpProfile profile) {
    // RFC 3711 §3.3.1: the ROC counts wraps of the 16-bit sequence number.
    open(profile);
    for (int i = 0; i < 6; i++) {
      byte[] plain = rtp((65533 + i) & 0xFFFF, SSRC, 20);
      byte[] srtp = protectRtp(plain);
      int n = unprotectRtp(srtp);
      assertThat(Arrays.copyOf(srtp, n)).as("packet %d", i).isEqualTo(plain);
    }
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void retransmissionOfTheSameSequenceNumberCanBeProtectedAgain(SrtpProfile profile) {
    // Answering a NACK from the packet cache sends a sequence number out a second time.
    open(profile);
    byte[] first = protectRtp(rtp(10, SSRC, 20));
    protectRtp(rtp(11, SSRC, 20));

    byte[] again = protectRtp(rtp(10, SSRC, 20));

    assertThat(again).isEqualTo(first);
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void everyTruncationOfAnSrtpPacketFails(SrtpProfile profile) {
    open(profile);
    byte[] srtp = protectRtp(rtpWithCsrcAndExtension(3, SSRC));
    for (int len = 0; len < srtp.length; len++) {
      byte[] cut = Arrays.copyOf(srtp, len);
      assertThat(SrtpFailure.isFailure(server.unprotectRtp(cut, 0, len)))
          .as("length %d", len)
          .isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void everyTruncationOfAnSrtcpPacketFails(SrtpProfile profile) {
    open(profile);
    byte[] srtcp = protectRtcp(rtcp(SSRC));
    for (int len = 0; len < srtcp.length; len++) {
      byte[] cut = Arrays.copyOf(srtcp, len);
      assertThat(SrtpFailure.isFailure(server.unprotectRtcp(cut, 0, len)))
          .as("length %d", len)
          .isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void shortPacketsAreTooShort(SrtpProfile profile) {
    open(profile);
    assertThat(SrtpFailure.of(server.unprotectRtp(new byte[11], 0, 11)))
        .isEqualTo(SrtpFailure.TOO_SHORT);
    byte[] headerOnly = rtp(1, SSRC, 0);
    assertThat(SrtpFailure.of(server.unprotectRtp(headerOnly, 0, 12)))
        .isEqualTo(SrtpFailure.TOO_SHORT);
    assertThat(SrtpFailure.of(server.unprotectRtcp(rtcp(SSRC), 0, 8)))
        .isEqualTo(SrtpFailure.TOO_SHORT);
    assertThat(server.failures(SrtpFailure.TOO_SHORT)).isEqualTo(3);
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void headerExtensionLongerThanThePacketIsTooShort(SrtpProfile profile) {
    open(profile);
    byte[] srtp = protectRtp(rtpWithCsrcAndExtension(3, SSRC));
    srtp[19] = (byte) 0xFF; // extension length: 255 words

    assertThat(SrtpFailure.of(unprotectRtp(srtp))).isEqualTo(SrtpFailure.TOO_SHORT);
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void notVersionTwoIsMalformed(SrtpProfile profile) {
    open(profile);
    byte[] srtp = protectRtp(rtp(1, SSRC, 40));
    srtp[0] = 0x40;

    assertThat(SrtpFailure.of(unprotectRtp(srtp))).isEqualTo(SrtpFailure.MALFORMED);
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void badOffsetsAndNullBuffersFailWithoutThrowing(SrtpProfile profile) {
    open(profile);
    byte[] buf = new byte[50];
    assertThat(SrtpFailure.of(server.unprotectRtp(null, 0, 10))).isEqualTo(SrtpFailure.MALFORMED);
    assertThat(SrtpFailure.of(server.unprotectRtp(buf, -1, 10))).isEqualTo(SrtpFailure.MALFORMED);
    assertThat(SrtpFailure.of(server.unprotectRtp(buf, 45, 10))).isEqualTo(SrtpFailure.MALFORMED);
    assertThat(SrtpFailure.of(client.protectRtcp(buf, 10, Integer.MAX_VALUE)))
        .isEqualTo(SrtpFailure.MALFORMED);
    assertThat(SrtpFailure.of(client.protectRtp(buf, 0, 10, null, 0)))
        .isEqualTo(SrtpFailure.MALFORMED);
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void protectWithoutRoomForTheTagFailsAndLeavesThePacket(SrtpProfile profile) {
    open(profile);
    byte[] plain = rtp(1, SSRC, 40);
    byte[] buf = withRoom(plain, profile.rtpOverhead() - 1);

    assertThat(SrtpFailure.of(client.protectRtp(buf, 0, plain.length)))
        .isEqualTo(SrtpFailure.NO_ROOM);
    assertThat(Arrays.copyOf(buf, plain.length)).isEqualTo(plain);
    byte[] rtcp = rtcp(SSRC);
    assertThat(SrtpFailure.of(client.protectRtcp(rtcp, 0, rtcp.length)))
        .isEqualTo(SrtpFailure.NO_ROOM);
    assertThat(SrtpFailure.of(client.protectRtp(plain, 0, plain.length, new byte[50], 0)))
        .isEqualTo(SrtpFailure.NO_ROOM);
    assertThat(client.failures(SrtpFailure.NO_ROOM)).isEqualTo(3);
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void randomGarbageFailsAndNeverThrows(SrtpProfile profile) {
    open(profile);
    Random random = new Random(4);
    for (int i = 0; i < 5_000; i++) {
      byte[] garbage = new byte[random.nextInt(200)];
      random.nextBytes(garbage);
      if (random.nextBoolean() && garbage.length > 0) {
        garbage[0] = (byte) (0x80 | (garbage[0] & 0x3F)); // version 2, to get past the first check
      }
      assertThat(SrtpFailure.isFailure(server.unprotectRtp(garbage, 0, garbage.length))).isTrue();
      assertThat(SrtpFailure.isFailure(server.unprotectRtcp(garbage, 0, garbage.length))).isTrue();
    }
    assertThat(server.receivingRtpSsrcs()).isZero();
  }

  @Test
  void ssrcsBeyondTheLimitAreDroppedAndCounted() {
    SrtpProfile profile = SrtpProfile.AEAD_AES_128_GCM;
    client = new SrtpSession(clientKeys(profile), 3);
    server = new SrtpSession(serverKeys(profile), 3);
    for (int ssrc = 1; ssrc <= 3; ssrc++) {
      assertThat(unprotectRtp(protectRtp(rtp(1, ssrc, 10)))).isPositive();
    }
    byte[] fourth = withRoom(rtp(1, 4, 10), profile.rtpOverhead());

    assertThat(SrtpFailure.of(client.protectRtp(fourth, 0, 22)))
        .isEqualTo(SrtpFailure.TOO_MANY_SSRCS);
    assertThat(client.failures(SrtpFailure.TOO_MANY_SSRCS)).isEqualTo(1);
    // The known SSRCs go on working.
    assertThat(unprotectRtp(protectRtp(rtp(2, 2, 10)))).isPositive();
  }

  @Test
  void incomingSsrcIsKeptOnlyAfterAPacketAuthenticates() {
    SrtpProfile profile = SrtpProfile.AES_CM_128_HMAC_SHA1_80;
    client = new SrtpSession(clientKeys(profile), 2);
    server = new SrtpSession(serverKeys(profile), 2);
    for (int ssrc = 100; ssrc < 110; ssrc++) {
      byte[] forged = withRoom(rtp(1, ssrc, 30), 10);
      assertThat(SrtpFailure.of(server.unprotectRtp(forged, 0, forged.length)))
          .isEqualTo(SrtpFailure.AUTH_FAILED);
    }
    assertThat(server.receivingRtpSsrcs()).isZero();

    byte[] genuine = protectRtp(rtp(1, SSRC, 30));
    assertThat(unprotectRtp(genuine)).isPositive();
    assertThat(server.receivingRtpSsrcs()).isEqualTo(1);
  }

  @Test
  void firstPacketOfAnSsrcThatFailsDoesNotSpoilTheNextOne() {
    open(SrtpProfile.AES_CM_128_HMAC_SHA1_80);
    byte[] genuine = protectRtp(rtp(500, SSRC, 30));
    byte[] forged = genuine.clone();
    forged[20] ^= 1;

    assertThat(SrtpFailure.of(unprotectRtp(forged))).isEqualTo(SrtpFailure.AUTH_FAILED);
    assertThat(unprotectRtp(genuine)).isPositive();
  }

  @Test
  void aClosedSessionRefusesEverything() {
    open(SrtpProfile.AEAD_AES_128_GCM);
    byte[] srtp = protectRtp(rtp(1, SSRC, 30));
    server.close();

    assertThat(SrtpFailure.of(unprotectRtp(srtp))).isEqualTo(SrtpFailure.CLOSED);
    assertThat(server.failures(SrtpFailure.CLOSED)).isEqualTo(1);
  }

  @Test
  void failureCodesMapBackToTheirReason() {
    for (SrtpFailure failure : SrtpFailure.values()) {
      assertThat(failure.code()).isNegative();
      assertThat(SrtpFailure.of(failure.code())).isEqualTo(failure);
    }
    assertThat(SrtpFailure.of(0)).isNull();
    assertThat(SrtpFailure.of(1200)).isNull();
    assertThat(SrtpFailure.of(Integer.MIN_VALUE)).isNull();
  }
}
