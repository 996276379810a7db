package org.conclave.media.stun;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Jazzer fuzz targets for STUN. Without JAZZER_FUZZ they run once per seed in {@code
 * StunFuzzTestInputs/<method>/} (regression mode, in the normal build); with it, they search for
 * inputs that break a property. Seeds include the RFC 5769 §2.1-2.3 vectors.
 */
class StunFuzzTest {

  /**
   * Any datagram: parse, every accessor and both checks never throw; what parses passed {@link
   * Stun#looksLikeStun} and parses the same at an offset in a larger buffer.
   */
  @FuzzTest
  void parseNeverThrows(byte[] data) {
    boolean looksLikeStun = Stun.looksLikeStun(data, 0, data.length);
    StunMessage message = StunMessage.parse(data, 0, data.length);
    if (message == null) {
      return;
    }
    assertThat(looksLikeStun).isTrue();
    assertThat(message.type()).isEqualTo(Stun.messageType(data, 0));
    assertThat(message.sameTransaction(message.transactionId())).isTrue();
    message.username();
    message.priority();
    message.xorMappedAddress();
    message.errorCode();
    message.unknownRequiredAttribute();
    message.toString();
    boolean valid = message.integrityValid(Rfc5769.PASSWORD);
    assertThat(valid && !message.hasMessageIntegrity()).isFalse();
    assertThat(message.integrityValid(null)).isFalse();
    assertThat(message.integrityValid(new byte[0])).isFalse();
    boolean fingerprint = message.fingerprintValid();
    assertThat(fingerprint && !message.hasFingerprint()).isFalse();

    byte[] shifted = new byte[data.length + 7];
    System.arraycopy(data, 0, shifted, 3, data.length);
    StunMessage again = StunMessage.parse(shifted, 3, data.length);
    assertThat(again).isNotNull();
    assertThat(again.username()).isEqualTo(message.username());
    assertThat(again.priority()).isEqualTo(message.priority());
    assertThat(again.tieBreaker()).isEqualTo(message.tieBreaker());
    assertThat(again.xorMappedAddress()).isEqualTo(message.xorMappedAddress());
    assertThat(again.integrityValid(Rfc5769.PASSWORD)).isEqualTo(valid);
    assertThat(again.fingerprintValid()).isEqualTo(fingerprint);
  }

  /** A fuzzed key against a fuzzed message: the integrity check answers and never throws. */
  @FuzzTest
  void integrityCheckNeverThrows(FuzzedDataProvider input) {
    byte[] key = input.consumeBytes(input.consumeInt(0, 100));
    byte[] data = input.consumeRemainingAsBytes();
    StunMessage message = StunMessage.parse(data, 0, data.length);
    if (message != null) {
      message.integrityValid(key);
      message.fingerprintValid();
    }
  }

  /** Whatever the writers are given within their limits, the output parses back to it. */
  @FuzzTest
  void writersRoundTrip(FuzzedDataProvider input) throws UnknownHostException {
    byte[] transactionId = Arrays.copyOf(input.consumeBytes(12), 12);
    byte[] key = input.consumeBytes(input.consumeInt(1, 64));
    if (key.length == 0) {
      key = new byte[] {1};
    }
    int off = input.consumeInt(0, 16);
    byte[] out = new byte[off + StunWriter.MAX_LENGTH];
    int written;
    StunMessage message;
    switch (input.consumeInt(0, 2)) {
      case 0 -> {
        byte[] address = input.consumeBoolean() ? new byte[4] : new byte[16];
        byte[] given = input.consumeBytes(address.length);
        System.arraycopy(given, 0, address, 0, given.length);
        InetSocketAddress mapped =
            new InetSocketAddress(InetAddress.getByAddress(address), input.consumeInt(0, 65535));
        written = StunWriter.bindingSuccess(transactionId, mapped, key, out, off);
        message = StunMessage.parse(out, off, written);
        assertThat(message).isNotNull();
        assertThat(message.xorMappedAddress()).isEqualTo(mapped);
      }
      case 1 -> {
        int code = input.consumeInt(300, 699);
        String reason = input.consumeString(127);
        boolean signed = input.consumeBoolean();
        written =
            StunWriter.bindingError(transactionId, code, reason, signed ? key : null, out, off);
        message = StunMessage.parse(out, off, written);
        assertThat(message).isNotNull();
        assertThat(message.errorCode()).isEqualTo(code);
        assertThat(message.hasMessageIntegrity()).isEqualTo(signed);
        if (!signed) {
          key = null;
        }
      }
      default -> {
        String username = input.consumeString(128);
        long priority = input.consumeLong(0, 0xFFFFFFFFL);
        long tieBreaker = input.consumeLong();
        boolean nominate = input.consumeBoolean();
        written =
            StunWriter.bindingRequest(
                transactionId, username, priority, tieBreaker, nominate, key, out, off);
        message = StunMessage.parse(out, off, written);
        assertThat(message).isNotNull();
        // Unpaired surrogates become '?' in UTF-8, so compare with the encoded form.
        byte[] utf8 = username.getBytes(StandardCharsets.UTF_8);
        assertThat(message.username()).isEqualTo(new String(utf8, StandardCharsets.UTF_8));
        assertThat(message.priority()).isEqualTo(priority);
        assertThat(message.tieBreaker()).isEqualTo(tieBreaker);
        assertThat(message.useCandidate()).isEqualTo(nominate);
      }
    }
    assertThat(message.sameTransaction(transactionId)).isTrue();
    assertThat(message.unknownRequiredAttribute()).isEqualTo(-1);
    assertThat(message.fingerprintValid()).isTrue();
    if (key != null) {
      assertThat(message.integrityValid(key)).isTrue();
      byte[] other = key.clone();
      other[0] ^= 1;
      assertThat(message.integrityValid(other)).isFalse();
    }
  }
}
