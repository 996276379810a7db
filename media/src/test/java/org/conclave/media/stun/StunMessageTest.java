package org.conclave.media.stun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.conclave.media.stun.Rfc5769.PASSWORD;
import static org.conclave.media.stun.Rfc5769.SAMPLE_REQUEST;
import static org.conclave.media.stun.TestMessages.attribute;
import static org.conclave.media.stun.TestMessages.fingerprinted;
import static org.conclave.media.stun.TestMessages.message;
import static org.conclave.media.stun.TestMessages.signed;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** What {@link StunMessage#parse} accepts and refuses, and what the parsed message answers. */
class StunMessageTest {

  private static final byte[] PRIORITY = attribute(Stun.ATTR_PRIORITY, "6e0001ff");
  private static final byte[] USE_CANDIDATE = attribute(Stun.ATTR_USE_CANDIDATE, "");
  private static final byte[] CONTROLLING =
      attribute(Stun.ATTR_ICE_CONTROLLING, "0102030405060708");
  private static final byte[] USERNAME =
      attribute(Stun.ATTR_USERNAME, "a:b".getBytes(StandardCharsets.UTF_8));

  private static StunMessage parse(byte[] message) {
    return StunMessage.parse(message, 0, message.length);
  }

  @Test
  void everyTruncationIsRejected() {
    for (int len = 0; len < SAMPLE_REQUEST.length; len++) {
      assertThat(StunMessage.parse(SAMPLE_REQUEST, 0, len)).as("%d bytes", len).isNull();
    }
  }

  @Test
  void aHeaderWithoutAttributesParses() {
    StunMessage message = parse(message(Stun.BINDING_INDICATION));

    assertThat(message.type()).isEqualTo(Stun.BINDING_INDICATION);
    assertThat(message.hasMessageIntegrity()).isFalse();
    assertThat(message.hasFingerprint()).isFalse();
    assertThat(message.username()).isNull();
  }

  @Test
  void anAttributeRunningPastTheMessageIsRejected() {
    // PRIORITY claims 8 bytes where the message holds 4.
    byte[] overrun = message(Stun.BINDING_REQUEST, attribute(Stun.ATTR_PRIORITY, 8, new byte[4]));
    assertThat(parse(overrun)).isNull();
    // An optional attribute we never read is checked the same way.
    byte[] optional = message(Stun.BINDING_REQUEST, attribute(0x8022, 9, new byte[8]));
    assertThat(parse(optional)).isNull();
  }

  @Test
  void anAttributeHeaderWithoutItsValueIsRejected() {
    byte[] message = message(Stun.BINDING_REQUEST, Arrays.copyOf(PRIORITY, 4));
    assertThat(parse(message)).isNull();
  }

  @Test
  void aLengthFieldThatDisagreesWithTheDatagramIsRejected() {
    byte[] message = SAMPLE_REQUEST.clone();
    message[3] += 4;
    assertThat(parse(message)).isNull();
    byte[] padded = Arrays.copyOf(SAMPLE_REQUEST, SAMPLE_REQUEST.length + 4);
    assertThat(parse(padded)).isNull();
  }

  @Test
  void messagesOverFifteenHundredBytesAreRejected() {
    // 20-byte header + 4-byte SOFTWARE header + value: 1,500 bytes in all is the limit.
    byte[] atLimit = message(Stun.BINDING_REQUEST, attribute(0x8022, new byte[1476]));
    byte[] over = message(Stun.BINDING_REQUEST, attribute(0x8022, new byte[1480]));

    assertThat(atLimit).hasSize(1500);
    assertThat(parse(atLimit)).isNotNull();
    assertThat(parse(over)).isNull();
  }

  @Test
  void usernameUpTo513BytesIsAcceptedAndLongerIsRejected() {
    byte[] name = new byte[514];
    Arrays.fill(name, (byte) 'u');

    StunMessage at513 =
        parse(
            message(Stun.BINDING_REQUEST, attribute(Stun.ATTR_USERNAME, Arrays.copyOf(name, 513))));
    assertThat(at513.username()).hasSize(513);
    assertThat(parse(message(Stun.BINDING_REQUEST, attribute(Stun.ATTR_USERNAME, name)))).isNull();
  }

  @Test
  void usernameIsDecodedAsUtf8() {
    byte[] name = "nguời:dùng".getBytes(StandardCharsets.UTF_8);
    assertThat(parse(message(Stun.BINDING_REQUEST, attribute(Stun.ATTR_USERNAME, name))).username())
        .isEqualTo("nguời:dùng");
  }

  @Test
  void usernameThatIsNotUtf8IsRejected() {
    for (String bad : new String[] {"ff", "c0af", "e080af", "eda080", "f4908080", "c3", "e282"}) {
      byte[] message = message(Stun.BINDING_REQUEST, attribute(Stun.ATTR_USERNAME, bad));
      assertThat(parse(message)).as(bad).isNull();
    }
  }

  @Test
  void knownAttributesWithWrongLengthsAreRejected() {
    byte[][] wrong = {
      attribute(Stun.ATTR_PRIORITY, "6e0001"),
      attribute(Stun.ATTR_PRIORITY, "6e0001ff00"),
      attribute(Stun.ATTR_USE_CANDIDATE, "00"),
      attribute(Stun.ATTR_ICE_CONTROLLING, "01020304"),
      attribute(Stun.ATTR_ICE_CONTROLLED, "010203040506070809"),
      attribute(Stun.ATTR_MESSAGE_INTEGRITY, new byte[19]),
      attribute(Stun.ATTR_MESSAGE_INTEGRITY, new byte[32]), // the SHA-256 length, wrong type
      attribute(Stun.ATTR_FINGERPRINT, "0000"),
      attribute(Stun.ATTR_XOR_MAPPED_ADDRESS, "0001a147e112a643 0000"),
      attribute(Stun.ATTR_XOR_MAPPED_ADDRESS, "0002a147e112a643"),
      attribute(Stun.ATTR_XOR_MAPPED_ADDRESS, "0003a147e112a643"),
      attribute(Stun.ATTR_XOR_MAPPED_ADDRESS, "0001"),
      attribute(Stun.ATTR_ERROR_CODE, "000004"),
      attribute(Stun.ATTR_ERROR_CODE, "00000264"), // class 2 is not an error
      attribute(Stun.ATTR_ERROR_CODE, "00000764"), // class 7 neither
      attribute(Stun.ATTR_ERROR_CODE, "00000464"), // number 100
      attribute(Stun.ATTR_UNKNOWN_ATTRIBUTES, "000300"),
    };
    for (byte[] attribute : wrong) {
      assertThat(parse(message(Stun.BINDING_REQUEST, attribute)))
          .as("%s", java.util.HexFormat.of().formatHex(attribute))
          .isNull();
    }
  }

  @Test
  void fingerprintThatIsNotLastIsRejected() {
    byte[] message =
        message(Stun.BINDING_REQUEST, attribute(Stun.ATTR_FINGERPRINT, "00000000"), PRIORITY);
    assertThat(parse(message)).isNull();
  }

  @Test
  void readsTheIceAttributesOfARequest() {
    StunMessage message =
        parse(
            fingerprinted(
                signed(
                    Stun.BINDING_REQUEST,
                    PASSWORD,
                    new byte[][] {USERNAME, PRIORITY, CONTROLLING, USE_CANDIDATE})));

    assertThat(message.username()).isEqualTo("a:b");
    assertThat(message.priority()).isEqualTo(0x6e0001ffL);
    assertThat(message.iceControlling()).isTrue();
    assertThat(message.iceControlled()).isFalse();
    assertThat(message.tieBreaker()).isEqualTo(0x0102030405060708L);
    assertThat(message.useCandidate()).isTrue();
    assertThat(message.integrityValid(PASSWORD)).isTrue();
    assertThat(message.fingerprintValid()).isTrue();
  }

  @Test
  void priorityAndTieBreakerAreUnsignedBitPatterns() {
    StunMessage message =
        parse(
            message(
                Stun.BINDING_REQUEST,
                attribute(Stun.ATTR_PRIORITY, "ffffffff"),
                attribute(Stun.ATTR_ICE_CONTROLLED, "ffffffffffffffff")));

    assertThat(message.priority()).isEqualTo(0xFFFFFFFFL);
    assertThat(message.tieBreaker()).isEqualTo(-1L);
  }

  @Test
  void attributesAfterMessageIntegrityAreIgnored() {
    byte[] bytes =
        fingerprinted(
            signed(
                Stun.BINDING_REQUEST,
                PASSWORD,
                new byte[][] {USERNAME},
                PRIORITY,
                USE_CANDIDATE,
                CONTROLLING,
                attribute(0x0003, "00000000"),
                attribute(Stun.ATTR_PRIORITY, "00"))); // malformed, but not looked at

    StunMessage message = parse(bytes);

    assertThat(message.priority()).isEqualTo(-1);
    assertThat(message.useCandidate()).isFalse();
    assertThat(message.iceControlling()).isFalse();
    assertThat(message.unknownRequiredAttribute()).isEqualTo(-1);
    assertThat(message.integrityValid(PASSWORD)).isTrue();
    assertThat(message.fingerprintValid()).isTrue();
  }

  @Test
  void attributesAfterMessageIntegrityMustStillStayInsideTheMessage() {
    byte[] bytes =
        signed(
            Stun.BINDING_REQUEST,
            PASSWORD,
            new byte[][] {USERNAME},
            attribute(0x8022, 12, new byte[4]));
    assertThat(parse(bytes)).isNull();
  }

  @Test
  void unknownComprehensionRequiredAttributeIsReportedFirstComeFirst() {
    StunMessage message =
        parse(
            message(
                Stun.BINDING_REQUEST,
                attribute(0x8022, "41424344"), // SOFTWARE: optional, understood or not
                attribute(0xC001, "00"), // another optional one
                attribute(0x001C, new byte[32]), // MESSAGE-INTEGRITY-SHA256: not supported
                attribute(0x7FFF, "")));

    assertThat(message.unknownRequiredAttribute()).isEqualTo(0x001C);
  }

  @Test
  void noUnknownRequiredAttributeIsMinusOne() {
    assertThat(parse(SAMPLE_REQUEST).unknownRequiredAttribute()).isEqualTo(-1);
    assertThat(
            parse(message(Stun.BINDING_REQUEST, attribute(0x8000, ""))).unknownRequiredAttribute())
        .isEqualTo(-1);
  }

  @Test
  void theFirstOfARepeatedAttributeCounts() {
    StunMessage message =
        parse(
            message(
                Stun.BINDING_REQUEST,
                attribute(Stun.ATTR_PRIORITY, "00000001"),
                attribute(Stun.ATTR_PRIORITY, "00000002"),
                attribute(Stun.ATTR_ICE_CONTROLLED, "0000000000000003"),
                attribute(Stun.ATTR_ICE_CONTROLLING, "0000000000000004"),
                attribute(Stun.ATTR_USERNAME, "6161"),
                attribute(Stun.ATTR_USERNAME, "6262")));

    assertThat(message.priority()).isEqualTo(1);
    assertThat(message.tieBreaker()).isEqualTo(3);
    assertThat(message.iceControlled()).isTrue();
    assertThat(message.iceControlling()).isTrue();
    assertThat(message.username()).isEqualTo("aa");
  }

  @Test
  void errorCodeIsClassTimesHundredPlusNumber() {
    for (int code : new int[] {300, 400, 401, 420, 487, 500, 699}) {
      byte[] value = {0, 0, (byte) (code / 100), (byte) (code % 100), 'x'};
      StunMessage message =
          parse(message(Stun.BINDING_ERROR, attribute(Stun.ATTR_ERROR_CODE, value)));
      assertThat(message.errorCode()).isEqualTo(code);
    }
    assertThat(parse(SAMPLE_REQUEST).errorCode()).isEqualTo(-1);
  }

  @Test
  void keepsItsOwnCopyOfTheBytes() {
    byte[] buf = SAMPLE_REQUEST.clone();
    StunMessage message = parse(buf);
    Arrays.fill(buf, (byte) 0);

    assertThat(message.integrityValid(PASSWORD)).isTrue();
    assertThat(message.fingerprintValid()).isTrue();
    assertThat(message.transactionId()).isEqualTo(Rfc5769.TRANSACTION_ID);
  }

  @Test
  void transactionIdIsACopy() {
    StunMessage message = parse(SAMPLE_REQUEST);
    message.transactionId()[0] ^= 1;
    assertThat(message.transactionId()).isEqualTo(Rfc5769.TRANSACTION_ID);
  }

  @Test
  void sameTransactionComparesAllTwelveBytes() {
    StunMessage message = parse(SAMPLE_REQUEST);
    assertThat(message.sameTransaction(Rfc5769.TRANSACTION_ID.clone())).isTrue();
    for (int i = 0; i < 12; i++) {
      byte[] other = Rfc5769.TRANSACTION_ID.clone();
      other[i] ^= (byte) 0x80;
      assertThat(message.sameTransaction(other)).as("byte %d", i).isFalse();
    }
    assertThat(message.sameTransaction(null)).isFalse();
    assertThat(message.sameTransaction(new byte[11])).isFalse();
    assertThat(message.sameTransaction(Arrays.copyOf(Rfc5769.TRANSACTION_ID, 13))).isFalse();
  }

  @Test
  void integrityIsFalseWithoutTheAttributeOrWithoutAKey() {
    StunMessage unsigned = parse(message(Stun.BINDING_REQUEST, USERNAME));
    StunMessage signed = parse(SAMPLE_REQUEST);

    assertThat(unsigned.integrityValid(PASSWORD)).isFalse();
    assertThat(signed.integrityValid(null)).isFalse();
    assertThat(signed.integrityValid(new byte[0])).isFalse();
  }

  @Test
  void integrityWorksWithKeysLongerThanTheHashBlock() {
    byte[] longKey = new byte[200];
    Arrays.fill(longKey, (byte) 7);
    StunMessage message = parse(signed(Stun.BINDING_REQUEST, longKey, new byte[][] {USERNAME}));

    assertThat(message.integrityValid(longKey)).isTrue();
    assertThat(message.integrityValid(Arrays.copyOf(longKey, 199))).isFalse();
  }

  @Test
  void fingerprintIsFalseWhenAbsent() {
    assertThat(parse(message(Stun.BINDING_REQUEST, USERNAME)).fingerprintValid()).isFalse();
  }

  @Test
  void toStringShowsNeitherUsernameNorTransaction() {
    String text = parse(SAMPLE_REQUEST).toString();
    assertThat(text).contains("0x0001").doesNotContain("evtj").doesNotContain("b7e7");
  }

  @Test
  void badArgumentsAreRejected() {
    assertThat(StunMessage.parse(null, 0, 20)).isNull();
    assertThat(StunMessage.parse(SAMPLE_REQUEST, -4, SAMPLE_REQUEST.length)).isNull();
    assertThat(StunMessage.parse(SAMPLE_REQUEST, 4, SAMPLE_REQUEST.length)).isNull();
    assertThat(StunMessage.parse(SAMPLE_REQUEST, 0, -1)).isNull();
  }

  @Test
  void randomBytesBehindAValidHeaderNeverThrow() {
    Random random = new Random(5769);
    int parsed = 0;
    for (int i = 0; i < 20_000; i++) {
      byte[] body = new byte[4 * random.nextInt(40)];
      random.nextBytes(body);
      if (body.length >= 4 && random.nextBoolean()) {
        body[2] = 0; // a plausible first attribute length
        body[3] = (byte) (4 * random.nextInt(4));
      }
      byte[] bytes = message(Stun.BINDING_REQUEST);
      bytes = Arrays.copyOf(bytes, bytes.length + body.length);
      System.arraycopy(body, 0, bytes, 20, body.length);
      Stun.writeUint16(bytes, 2, body.length);
      StunMessage message = parse(bytes);
      if (message != null) {
        parsed++;
        message.integrityValid(PASSWORD);
        message.fingerprintValid();
      }
    }
    assertThat(parsed).isPositive();
  }

  @Test
  void randomDatagramsAreRejected() {
    Random random = new Random(7983);
    for (int i = 0; i < 20_000; i++) {
      byte[] data = new byte[random.nextInt(1600)];
      random.nextBytes(data);
      assertThat(parse(data)).isNull();
    }
  }
}
