package org.conclave.media.stun;

import java.io.ByteArrayOutputStream;

/** Builds STUN messages attribute by attribute for tests, including malformed ones. */
final class TestMessages {

  static final byte[] TRANSACTION_ID = Rfc5769.hex("000102030405060708090A0B");

  private TestMessages() {}

  /** An attribute (RFC 8489 §14): type, length, value, zero padding to 4 bytes. */
  static byte[] attribute(int type, byte[] value) {
    return attribute(type, value.length, value);
  }

  /** An attribute whose length field says {@code length}, whatever the value holds. */
  static byte[] attribute(int type, int length, byte[] value) {
    byte[] attribute = new byte[4 + Stun.padded(value.length)];
    Stun.writeUint16(attribute, 0, type);
    Stun.writeUint16(attribute, 2, length);
    System.arraycopy(value, 0, attribute, 4, value.length);
    return attribute;
  }

  static byte[] attribute(int type, String hexValue) {
    return attribute(type, Rfc5769.hex(hexValue));
  }

  /** A message of {@code type} with these attributes and a correct length field (RFC 8489 §5). */
  static byte[] message(int type, byte[]... attributes) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (byte[] attribute : attributes) {
      body.writeBytes(attribute);
    }
    byte[] message = new byte[Stun.HEADER_LENGTH + body.size()];
    Stun.writeUint16(message, 0, type);
    Stun.writeUint16(message, 2, body.size());
    Stun.writeInt(message, 4, Stun.MAGIC_COOKIE);
    System.arraycopy(TRANSACTION_ID, 0, message, 8, 12);
    System.arraycopy(body.toByteArray(), 0, message, 20, body.size());
    return message;
  }

  /**
   * A message with {@code before}, a MESSAGE-INTEGRITY computed with {@code key}, then {@code
   * after}: the HMAC covers only what precedes it (RFC 8489 §14.5).
   */
  static byte[] signed(int type, byte[] key, byte[][] before, byte[]... after) {
    byte[][] all = new byte[before.length + 1 + after.length][];
    System.arraycopy(before, 0, all, 0, before.length);
    all[before.length] = attribute(Stun.ATTR_MESSAGE_INTEGRITY, new byte[20]);
    System.arraycopy(after, 0, all, before.length + 1, after.length);
    byte[] message = message(type, all);
    int integrityAt = Stun.HEADER_LENGTH;
    for (byte[] attribute : before) {
      integrityAt += attribute.length;
    }
    StunChecksums.hmac(key, message, 0, integrityAt, message, integrityAt + 4);
    return message;
  }

  /** {@code message} with a FINGERPRINT appended (RFC 8489 §14.7). */
  static byte[] fingerprinted(byte[] message) {
    byte[] result = java.util.Arrays.copyOf(message, message.length + 8);
    Stun.writeUint16(result, 2, result.length - Stun.HEADER_LENGTH);
    Stun.writeUint16(result, message.length, Stun.ATTR_FINGERPRINT);
    Stun.writeUint16(result, message.length + 2, 4);
    Stun.writeInt(result, message.length + 4, StunChecksums.fingerprint(result, 0, message.length));
    return result;
  }
}
