package org.conclave.media.stun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.conclave.media.stun.TestMessages.TRANSACTION_ID;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Each writer's output parses back to what was written, signed with the key it was given. */
class StunWriterTest {

  private static final byte[] KEY = "our-ice-password-of-24ch".getBytes(StandardCharsets.UTF_8);
  private static final byte[] OTHER_KEY =
      "our-ice-password-of-24cH".getBytes(StandardCharsets.UTF_8);

  private static StunMessage parse(byte[] out, int off, int len) {
    StunMessage message = StunMessage.parse(out, off, len);
    assertThat(message).as("parses back").isNotNull();
    return message;
  }

  @Test
  void bindingSuccessWithIpv4RoundTrips() throws Exception {
    InetSocketAddress mapped = new InetSocketAddress(InetAddress.getByName("203.0.113.7"), 54321);
    byte[] out = new byte[StunWriter.MAX_LENGTH];

    int len = StunWriter.bindingSuccess(TRANSACTION_ID, mapped, KEY, out, 0);
    StunMessage message = parse(out, 0, len);

    // Header, XOR-MAPPED-ADDRESS (4 + 8), MESSAGE-INTEGRITY (24), FINGERPRINT (8).
    assertThat(len).isEqualTo(20 + 12 + 24 + 8);
    assertThat(message.type()).isEqualTo(Stun.BINDING_SUCCESS);
    assertThat(message.sameTransaction(TRANSACTION_ID)).isTrue();
    assertThat(message.xorMappedAddress()).isEqualTo(mapped);
    assertThat(message.integrityValid(KEY)).isTrue();
    assertThat(message.integrityValid(OTHER_KEY)).isFalse();
    assertThat(message.fingerprintValid()).isTrue();
    assertThat(message.unknownRequiredAttribute()).isEqualTo(-1);
  }

  @Test
  void bindingSuccessWithIpv6RoundTrips() throws Exception {
    InetSocketAddress mapped =
        new InetSocketAddress(InetAddress.getByName("2001:db8::ab:cd"), 10000);
    byte[] out = new byte[StunWriter.MAX_LENGTH];

    int len = StunWriter.bindingSuccess(TRANSACTION_ID, mapped, KEY, out, 0);
    StunMessage message = parse(out, 0, len);

    assertThat(len).isEqualTo(20 + 24 + 24 + 8);
    assertThat(message.xorMappedAddress().getAddress().getAddress())
        .isEqualTo(mapped.getAddress().getAddress());
    assertThat(message.xorMappedAddress().getPort()).isEqualTo(10000);
    assertThat(message.integrityValid(KEY)).isTrue();
    assertThat(message.integrityValid(OTHER_KEY)).isFalse();
    assertThat(message.fingerprintValid()).isTrue();
  }

  @Test
  void bindingSuccessReproducesTheRfc5769Ipv4ResponseAddressBytes() throws Exception {
    // RFC 5769 §2.2 maps 192.0.2.1:32853 to X-Port a147 and X-Address e112a643.
    InetSocketAddress mapped = new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853);
    byte[] out = new byte[StunWriter.MAX_LENGTH];

    StunWriter.bindingSuccess(Rfc5769.TRANSACTION_ID, mapped, Rfc5769.PASSWORD, out, 0);

    assertThat(Arrays.copyOfRange(out, 20, 32))
        .isEqualTo(Rfc5769.hex("0020 0008 0001 a147 e112a643"));
  }

  @Test
  void bindingSuccessReproducesTheRfc5769Ipv6ResponseAddressBytes() throws Exception {
    InetSocketAddress mapped =
        new InetSocketAddress(InetAddress.getByName("2001:db8:1234:5678:11:2233:4455:6677"), 32853);
    byte[] out = new byte[StunWriter.MAX_LENGTH];

    StunWriter.bindingSuccess(Rfc5769.TRANSACTION_ID, mapped, Rfc5769.PASSWORD, out, 0);

    assertThat(Arrays.copyOfRange(out, 20, 44))
        .isEqualTo(Rfc5769.hex("0020 0014 0002 a147 0113a9fa a5d3f179 bc25f4b5 bed2b9d9"));
  }

  @Test
  void bindingErrorWithoutKeyHasNoMessageIntegrity() {
    byte[] out = new byte[StunWriter.MAX_LENGTH];

    int len = StunWriter.bindingError(TRANSACTION_ID, 401, "Unauthorized", null, out, 0);
    StunMessage message = parse(out, 0, len);

    assertThat(message.type()).isEqualTo(Stun.BINDING_ERROR);
    assertThat(message.errorCode()).isEqualTo(401);
    assertThat(message.hasMessageIntegrity()).isFalse();
    assertThat(message.integrityValid(KEY)).isFalse();
    assertThat(message.fingerprintValid()).isTrue();
  }

  @Test
  void bindingErrorWithKeyRoundTrips() {
    byte[] out = new byte[StunWriter.MAX_LENGTH];

    int len = StunWriter.bindingError(TRANSACTION_ID, 487, "Role Conflict", KEY, out, 0);
    StunMessage message = parse(out, 0, len);

    assertThat(message.errorCode()).isEqualTo(487);
    assertThat(message.integrityValid(KEY)).isTrue();
    assertThat(message.integrityValid(OTHER_KEY)).isFalse();
    assertThat(message.fingerprintValid()).isTrue();
  }

  @Test
  void bindingErrorWritesTheReasonPhraseZeroPadded() {
    byte[] out = new byte[StunWriter.MAX_LENGTH];
    Arrays.fill(out, (byte) 0xEE);

    int len = StunWriter.bindingError(TRANSACTION_ID, 400, "Bad Request", null, out, 0);

    // ERROR-CODE: length 4 + 11, reserved 0000, class 4, number 0, "Bad Request", one zero pad.
    assertThat(Arrays.copyOfRange(out, 20, 40))
        .isEqualTo(Rfc5769.hex("0009 000f 0000 04 00 42616420526571756573 74 00"));
    assertThat(len).isEqualTo(20 + 20 + 8);
  }

  @Test
  void bindingUnknownAttributeListsTheType() {
    byte[] out = new byte[StunWriter.MAX_LENGTH];

    int len = StunWriter.bindingUnknownAttribute(TRANSACTION_ID, 0x001C, KEY, out, 0);
    StunMessage message = parse(out, 0, len);

    assertThat(message.errorCode()).isEqualTo(420);
    assertThat(message.unknownRequiredAttribute()).isEqualTo(-1);
    assertThat(message.integrityValid(KEY)).isTrue();
    assertThat(message.fingerprintValid()).isTrue();
    // UNKNOWN-ATTRIBUTES (RFC 8489 §14.9) just before MESSAGE-INTEGRITY.
    int at = len - 8 - 24 - 8;
    assertThat(Arrays.copyOfRange(out, at, at + 8)).isEqualTo(Rfc5769.hex("000a 0002 001c 0000"));
  }

  @Test
  void bindingRequestRoundTrips() {
    byte[] out = new byte[StunWriter.MAX_LENGTH];

    int len =
        StunWriter.bindingRequest(
            TRANSACTION_ID, "srvU:cliU", 0x7EFFFFFFL, 0x8000000000000001L, false, KEY, out, 0);
    StunMessage message = parse(out, 0, len);

    assertThat(message.type()).isEqualTo(Stun.BINDING_REQUEST);
    assertThat(message.username()).isEqualTo("srvU:cliU");
    assertThat(message.priority()).isEqualTo(0x7EFFFFFFL);
    assertThat(message.iceControlling()).isTrue();
    assertThat(message.iceControlled()).isFalse();
    assertThat(message.tieBreaker()).isEqualTo(0x8000000000000001L);
    assertThat(message.useCandidate()).isFalse();
    assertThat(message.integrityValid(KEY)).isTrue();
    assertThat(message.integrityValid(OTHER_KEY)).isFalse();
    assertThat(message.fingerprintValid()).isTrue();
  }

  @Test
  void bindingRequestThatNominatesCarriesUseCandidate() {
    byte[] out = new byte[StunWriter.MAX_LENGTH];

    int len = StunWriter.bindingRequest(TRANSACTION_ID, "a:b", 1, 2, true, KEY, out, 0);
    StunMessage message = parse(out, 0, len);

    assertThat(message.useCandidate()).isTrue();
    assertThat(message.integrityValid(KEY)).isTrue();
  }

  @Test
  void writesAtAnOffsetAndLeavesTheRestAlone() {
    byte[] out = new byte[StunWriter.MAX_LENGTH + 20];
    Arrays.fill(out, (byte) 0x5A);

    int len = StunWriter.bindingRequest(TRANSACTION_ID, "a:b", 1, 2, true, KEY, out, 13);

    assertThat(parse(out, 13, len).integrityValid(KEY)).isTrue();
    for (int i = 0; i < 13; i++) {
      assertThat(out[i]).isEqualTo((byte) 0x5A);
    }
    for (int i = 13 + len; i < out.length; i++) {
      assertThat(out[i]).isEqualTo((byte) 0x5A);
    }
  }

  @Test
  void maxLengthHoldsTheLargestMessages() {
    byte[] out = new byte[StunWriter.MAX_LENGTH];
    String username = "ư".repeat(256) + "x"; // 513 bytes of UTF-8
    String reason = "ữ".repeat(127); // 127 characters, 381 bytes

    int request = StunWriter.bindingRequest(TRANSACTION_ID, username, 1, 2, true, KEY, out, 0);
    assertThat(parse(out, 0, request).username()).isEqualTo(username);
    int error = StunWriter.bindingError(TRANSACTION_ID, 400, reason, KEY, out, 0);
    assertThat(parse(out, 0, error).errorCode()).isEqualTo(400);
  }

  @Test
  void tooSmallABufferThrowsBeforeWritingAnything() {
    byte[] out = new byte[60];

    assertThatThrownBy(
            () -> StunWriter.bindingRequest(TRANSACTION_ID, "a:b", 1, 2, true, KEY, out, 0))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> StunWriter.bindingError(TRANSACTION_ID, 400, "Bad", null, out, 30))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> StunWriter.bindingError(TRANSACTION_ID, 400, "Bad", null, out, -1))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(out).containsOnly(0);
  }

  @Test
  void badArgumentsAreRefused() throws Exception {
    byte[] out = new byte[StunWriter.MAX_LENGTH];
    InetSocketAddress mapped = new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 1);

    assertThatThrownBy(() -> StunWriter.bindingSuccess(new byte[11], mapped, KEY, out, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StunWriter.bindingSuccess(TRANSACTION_ID, mapped, null, out, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StunWriter.bindingSuccess(TRANSACTION_ID, mapped, new byte[0], out, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                StunWriter.bindingSuccess(
                    TRANSACTION_ID,
                    InetSocketAddress.createUnresolved("example.org", 1),
                    KEY,
                    out,
                    0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StunWriter.bindingError(TRANSACTION_ID, 299, "x", null, out, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StunWriter.bindingError(TRANSACTION_ID, 700, "x", null, out, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> StunWriter.bindingError(TRANSACTION_ID, 400, "x".repeat(128), null, out, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StunWriter.bindingError(TRANSACTION_ID, 400, null, null, out, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> StunWriter.bindingUnknownAttribute(TRANSACTION_ID, 0x8000, null, out, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                StunWriter.bindingRequest(
                    TRANSACTION_ID, "u".repeat(514), 1, 2, false, KEY, out, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> StunWriter.bindingRequest(TRANSACTION_ID, "a:b", -1, 2, false, KEY, out, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> StunWriter.bindingRequest(TRANSACTION_ID, "a:b", 1L << 32, 2, false, KEY, out, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> StunWriter.bindingRequest(TRANSACTION_ID, null, 1, 2, false, KEY, out, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StunWriter.bindingError(TRANSACTION_ID, 400, "x", null, null, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(out).containsOnly(0);
  }

  @Test
  void sameInputWritesTheSameBytes() {
    byte[] first = new byte[StunWriter.MAX_LENGTH];
    byte[] second = new byte[StunWriter.MAX_LENGTH];
    Arrays.fill(second, (byte) 0xFF);

    int a = StunWriter.bindingRequest(TRANSACTION_ID, "ab:c", 9, 7, true, KEY, first, 0);
    int b = StunWriter.bindingRequest(TRANSACTION_ID, "ab:c", 9, 7, true, KEY, second, 0);

    assertThat(Arrays.copyOf(second, b)).isEqualTo(Arrays.copyOf(first, a));
  }
}
