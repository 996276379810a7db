package org.conclave.media.stun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.conclave.media.stun.Rfc5769.IPV4_RESPONSE;
import static org.conclave.media.stun.Rfc5769.IPV6_RESPONSE;
import static org.conclave.media.stun.Rfc5769.PASSWORD;
import static org.conclave.media.stun.Rfc5769.SAMPLE_REQUEST;
import static org.conclave.media.stun.Rfc5769.TRANSACTION_ID;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The RFC 5769 §2.1-2.3 test vectors: parse, MESSAGE-INTEGRITY, FINGERPRINT, XOR-MAPPED-ADDRESS.
 */
class Rfc5769VectorTest {

  private static final byte[] WRONG_PASSWORD =
      "VOkJxbRl1RmTxUk/WvJxBu".getBytes(StandardCharsets.UTF_8);

  @Test
  void sampleRequestParsesWithItsIceAttributes() {
    StunMessage request = StunMessage.parse(SAMPLE_REQUEST, 0, SAMPLE_REQUEST.length);

    assertThat(request).isNotNull();
    assertThat(request.type()).isEqualTo(Stun.BINDING_REQUEST);
    assertThat(request.transactionId()).isEqualTo(TRANSACTION_ID);
    assertThat(request.username()).isEqualTo("evtj:h6vY");
    assertThat(request.priority()).isEqualTo(0x6e0001ffL);
    assertThat(request.iceControlled()).isTrue();
    assertThat(request.iceControlling()).isFalse();
    assertThat(request.tieBreaker()).isEqualTo(0x932ff9b151263b36L);
    assertThat(request.useCandidate()).isFalse();
    assertThat(request.xorMappedAddress()).isNull();
    assertThat(request.errorCode()).isEqualTo(-1);
    assertThat(request.unknownRequiredAttribute()).isEqualTo(-1);
    assertThat(request.hasMessageIntegrity()).isTrue();
    assertThat(request.hasFingerprint()).isTrue();
  }

  @Test
  void sampleRequestIntegrityAndFingerprintAreValid() {
    StunMessage request = StunMessage.parse(SAMPLE_REQUEST, 0, SAMPLE_REQUEST.length);

    assertThat(request.integrityValid(PASSWORD)).isTrue();
    assertThat(request.integrityValid(WRONG_PASSWORD)).isFalse();
    assertThat(request.fingerprintValid()).isTrue();
  }

  @Test
  void ipv4ResponseGivesItsMappedAddress() throws Exception {
    StunMessage response = StunMessage.parse(IPV4_RESPONSE, 0, IPV4_RESPONSE.length);

    assertThat(response.type()).isEqualTo(Stun.BINDING_SUCCESS);
    assertThat(response.xorMappedAddress())
        .isEqualTo(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853));
    assertThat(response.integrityValid(PASSWORD)).isTrue();
    assertThat(response.integrityValid(WRONG_PASSWORD)).isFalse();
    assertThat(response.fingerprintValid()).isTrue();
    assertThat(response.username()).isNull();
    assertThat(response.priority()).isEqualTo(-1);
    assertThat(response.tieBreaker()).isZero();
  }

  @Test
  void ipv6ResponseGivesItsMappedAddress() throws Exception {
    StunMessage response = StunMessage.parse(IPV6_RESPONSE, 0, IPV6_RESPONSE.length);

    assertThat(response.type()).isEqualTo(Stun.BINDING_SUCCESS);
    assertThat(response.xorMappedAddress())
        .isEqualTo(
            new InetSocketAddress(
                InetAddress.getByName("2001:db8:1234:5678:11:2233:4455:6677"), 32853));
    assertThat(response.integrityValid(PASSWORD)).isTrue();
    assertThat(response.integrityValid(WRONG_PASSWORD)).isFalse();
    assertThat(response.fingerprintValid()).isTrue();
  }

  @Test
  void vectorsLookLikeStunAndGiveTheirTypeInPlace() {
    for (byte[] vector : new byte[][] {SAMPLE_REQUEST, IPV4_RESPONSE, IPV6_RESPONSE}) {
      assertThat(Stun.looksLikeStun(vector, 0, vector.length)).isTrue();
    }
    assertThat(Stun.messageType(SAMPLE_REQUEST, 0)).isEqualTo(Stun.BINDING_REQUEST);
    assertThat(Stun.messageType(IPV4_RESPONSE, 0)).isEqualTo(Stun.BINDING_SUCCESS);
  }

  @Test
  void flippingAnyByteCoveredByMessageIntegrityBreaksIt() {
    for (byte[] vector : new byte[][] {SAMPLE_REQUEST, IPV4_RESPONSE, IPV6_RESPONSE}) {
      int integrityEnd = vector.length - 8; // FINGERPRINT's 8 bytes follow MESSAGE-INTEGRITY
      for (int i = 0; i < integrityEnd; i++) {
        for (int bit = 0; bit < 8; bit++) {
          byte[] flipped = vector.clone();
          flipped[i] ^= (byte) (1 << bit);
          StunMessage message = StunMessage.parse(flipped, 0, flipped.length);
          assertThat(message == null || !message.integrityValid(PASSWORD))
              .as("byte %d bit %d", i, bit)
              .isTrue();
        }
      }
    }
  }

  @Test
  void flippingAnyByteBreaksTheFingerprint() {
    for (byte[] vector : new byte[][] {SAMPLE_REQUEST, IPV4_RESPONSE, IPV6_RESPONSE}) {
      for (int i = 0; i < vector.length; i++) {
        byte[] flipped = vector.clone();
        flipped[i] ^= (byte) 0x01;
        StunMessage message = StunMessage.parse(flipped, 0, flipped.length);
        assertThat(message == null || !message.fingerprintValid()).as("byte %d", i).isTrue();
      }
    }
  }

  @Test
  void flippingTheFingerprintLeavesMessageIntegrityValid() {
    // MESSAGE-INTEGRITY does not cover FINGERPRINT, which comes after it (RFC 8489 §14.7).
    byte[] flipped = SAMPLE_REQUEST.clone();
    flipped[flipped.length - 1] ^= 0x01;
    StunMessage message = StunMessage.parse(flipped, 0, flipped.length);

    assertThat(message.integrityValid(PASSWORD)).isTrue();
    assertThat(message.fingerprintValid()).isFalse();
  }

  @Test
  void parsesAtAnOffsetInsideALargerBuffer() {
    byte[] buf = new byte[7 + SAMPLE_REQUEST.length + 5];
    java.util.Arrays.fill(buf, (byte) 0xA5);
    System.arraycopy(SAMPLE_REQUEST, 0, buf, 7, SAMPLE_REQUEST.length);

    StunMessage request = StunMessage.parse(buf, 7, SAMPLE_REQUEST.length);

    assertThat(request.username()).isEqualTo("evtj:h6vY");
    assertThat(request.integrityValid(PASSWORD)).isTrue();
    assertThat(request.fingerprintValid()).isTrue();
  }
}
