package org.conclave.media.stun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.conclave.media.stun.Rfc5769.SAMPLE_REQUEST;
import static org.conclave.media.stun.Rfc5769.hex;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Stun#looksLikeStun} as the RFC 7983 demultiplexer uses it, and {@link Stun#messageType}.
 */
class StunTest {

  // A bare Binding request: header only (RFC 8489 §5), Message Length 0.
  private static final byte[] EMPTY_REQUEST = hex("0001 0000 2112A442 000102030405060708090A0B");

  @Test
  void acceptsAHeaderWithNoAttributes() {
    assertThat(Stun.looksLikeStun(EMPTY_REQUEST, 0, EMPTY_REQUEST.length)).isTrue();
    assertThat(Stun.messageType(EMPTY_REQUEST, 0)).isEqualTo(Stun.BINDING_REQUEST);
  }

  @Test
  void messageTypeKeepsFourteenBits() {
    byte[] indication = EMPTY_REQUEST.clone();
    indication[0] = 0x00;
    indication[1] = 0x11;
    assertThat(Stun.messageType(indication, 0)).isEqualTo(Stun.BINDING_INDICATION);
    indication[0] = 0x03;
    indication[1] = (byte) 0xFF;
    assertThat(Stun.messageType(indication, 0)).isEqualTo(0x03FF);
  }

  @Test
  void rejectsRtpAndRtcp() {
    // RFC 3550 §5.1 header, version 2: first byte 0x80, RTCP SR 0x80 0xC8.
    byte[] rtp = hex("80 6F 1234 DEADBEEF CAFEBABE 0102030405060708");
    byte[] rtcp = hex("80 C8 0004 CAFEBABE 0000000000000000 00000000");
    assertThat(Stun.looksLikeStun(rtp, 0, rtp.length)).isFalse();
    assertThat(Stun.looksLikeStun(rtcp, 0, rtcp.length)).isFalse();
  }

  @Test
  void rejectsDtlsEvenWithTheCookieAndLengthInPlace() {
    // A DTLS 1.2 handshake record starts with content type 22 (RFC 6347 §4.1). Even when the bytes
    // at 2-7 happen to hold a STUN length and the magic cookie, RFC 7983 §7 puts 22 with DTLS.
    byte[] dtls = EMPTY_REQUEST.clone();
    dtls[0] = 22;
    dtls[1] = (byte) 0xFE;
    assertThat(Stun.looksLikeStun(dtls, 0, dtls.length)).isFalse();
    byte[] clientHello = hex("16 FEFF 0000 000000000000 0007 01 000003 0000 000000 000003 FEFD00");
    assertThat(Stun.looksLikeStun(clientHello, 0, clientHello.length)).isFalse();
  }

  @Test
  void rejectsFirstBytesOutsideZeroToThree() {
    for (int first = 4; first < 256; first++) {
      byte[] message = EMPTY_REQUEST.clone();
      message[0] = (byte) first;
      assertThat(Stun.looksLikeStun(message, 0, message.length)).as("%d", first).isFalse();
    }
  }

  @Test
  void rejectsAWrongMagicCookie() {
    // RFC 3489 messages have no cookie: bytes 4-7 are part of the transaction ID.
    byte[] classic = EMPTY_REQUEST.clone();
    classic[7] = 0x43;
    assertThat(Stun.looksLikeStun(classic, 0, classic.length)).isFalse();
  }

  @Test
  void rejectsALengthThatIsNotTheRestOfTheDatagram() {
    assertThat(Stun.looksLikeStun(SAMPLE_REQUEST, 0, SAMPLE_REQUEST.length - 4)).isFalse();
    byte[] longer = java.util.Arrays.copyOf(SAMPLE_REQUEST, SAMPLE_REQUEST.length + 4);
    assertThat(Stun.looksLikeStun(longer, 0, longer.length)).isFalse();
  }

  @Test
  void rejectsALengthThatIsNotAMultipleOfFour() {
    byte[] message = java.util.Arrays.copyOf(EMPTY_REQUEST, 22);
    message[3] = 2;
    assertThat(Stun.looksLikeStun(message, 0, message.length)).isFalse();
  }

  @Test
  void rejectsShortNullAndOutOfBoundsInput() {
    assertThat(Stun.looksLikeStun(EMPTY_REQUEST, 0, 19)).isFalse();
    assertThat(Stun.looksLikeStun(null, 0, 20)).isFalse();
    assertThat(Stun.looksLikeStun(EMPTY_REQUEST, -1, 20)).isFalse();
    assertThat(Stun.looksLikeStun(EMPTY_REQUEST, 1, 20)).isFalse();
    assertThat(Stun.looksLikeStun(EMPTY_REQUEST, 0, 21)).isFalse();
    assertThat(Stun.looksLikeStun(EMPTY_REQUEST, Integer.MAX_VALUE, 20)).isFalse();
    assertThat(Stun.looksLikeStun(new byte[0], 0, 0)).isFalse();
  }

  @Test
  void rejectsRandomBytes() {
    Random random = new Random(4);
    for (int i = 0; i < 20_000; i++) {
      byte[] data = new byte[random.nextInt(200)];
      random.nextBytes(data);
      assertThat(Stun.looksLikeStun(data, 0, data.length)).isFalse();
    }
  }
}
