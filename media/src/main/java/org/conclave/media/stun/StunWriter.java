package org.conclave.media.stun;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Writes the STUN messages that ICE needs (RFC 8489, RFC 8445 §7) into a caller's buffer and
 * returns the length written. Every message ends with MESSAGE-INTEGRITY (when there is a key) and
 * then FINGERPRINT, which ICE requires on every check and response (RFC 8445 §7.1, §7.3).
 *
 * <p>Each writer checks its arguments and the room in {@code out} first and writes nothing when
 * they are wrong: {@link IllegalArgumentException} for a bad argument (our own bug, not the
 * network's), {@link IndexOutOfBoundsException} when {@code out} has fewer than the needed bytes
 * after {@code off}. {@link #MAX_LENGTH} bytes are always enough. Padding is written as zeros.
 *
 * <p>What is allocated: the UTF-8 bytes of a username or reason phrase, and the HMAC key spec (the
 * {@code Mac} is one per thread, see {@code StunChecksums}). Safe on any thread that owns {@code
 * out}.
 */
public final class StunWriter {

  /** Maximum bytes any writer here can write (usernames up to 513 bytes, reasons to 127 chars). */
  public static final int MAX_LENGTH = 1024;

  /** 420 Unknown Attribute (RFC 8489 §14.8). */
  private static final int UNKNOWN_ATTRIBUTE = 420;

  private static final int ADDRESS_FAMILY_IPV4 = 0x01;
  private static final int ADDRESS_FAMILY_IPV6 = 0x02;

  /** Reason phrases must be fewer than 128 characters (RFC 8489 §14.8). */
  private static final int MAX_REASON_CHARACTERS = 127;

  private static final int TRAILER_WITH_INTEGRITY =
      StunChecksums.MESSAGE_INTEGRITY_ATTRIBUTE_LENGTH + StunChecksums.FINGERPRINT_ATTRIBUTE_LENGTH;

  private StunWriter() {}

  /**
   * A Binding success response (RFC 8489 §7.3.1.1, RFC 8445 §7.3.1.4): XOR-MAPPED-ADDRESS of {@code
   * mapped} (the source address the request came from; IPv4 or IPv6), MESSAGE-INTEGRITY with {@code
   * key} (our ICE password's UTF-8 bytes), FINGERPRINT.
   *
   * @param transactionId the request's 12-byte transaction ID
   * @return the number of bytes written at {@code off}
   */
  public static int bindingSuccess(
      byte[] transactionId, InetSocketAddress mapped, byte[] key, byte[] out, int off) {
    checkTransactionId(transactionId);
    checkKey(key);
    if (mapped == null || mapped.getAddress() == null) {
      throw new IllegalArgumentException("the mapped address must be resolved: " + mapped);
    }
    byte[] address = mapped.getAddress().getAddress();
    int length = Stun.HEADER_LENGTH + 4 + 4 + address.length + TRAILER_WITH_INTEGRITY;
    checkRoom(out, off, length);

    int at = writeHeader(out, off, Stun.BINDING_SUCCESS, transactionId);
    // XOR-MAPPED-ADDRESS (RFC 8489 §14.2): 0, family, X-Port, X-Address.
    at = writeAttributeHeader(out, at, Stun.ATTR_XOR_MAPPED_ADDRESS, 4 + address.length);
    out[at] = 0;
    out[at + 1] = (byte) (address.length == 4 ? ADDRESS_FAMILY_IPV4 : ADDRESS_FAMILY_IPV6);
    Stun.writeUint16(out, at + 2, mapped.getPort() ^ (Stun.MAGIC_COOKIE >>> 16));
    for (int i = 0; i < address.length; i++) {
      // IPv4 is XOR-ed with the cookie; IPv6 with the cookie followed by the transaction ID.
      out[at + 4 + i] = (byte) (address[i] ^ out[off + 4 + i]);
    }
    at += 4 + address.length;
    return finish(out, off, at, key);
  }

  /**
   * A Binding error response (RFC 8489 §7.3.1.1) with ERROR-CODE {@code code} and {@code reason}
   * (RFC 8489 §14.8), MESSAGE-INTEGRITY only when {@code key} is not null, and FINGERPRINT. Send
   * 400 Bad Request and 401 Unauthorized without a key (the request's credentials were not
   * verified, RFC 8489 §9.1.3) and 487 Role Conflict with one (RFC 8445 §7.3.1.1). For 420 use
   * {@link #bindingUnknownAttribute}, which adds the UNKNOWN-ATTRIBUTES list that 420 requires.
   *
   * @param code 300-699 (class 3-6, number 0-99)
   * @param reason fewer than 128 characters
   */
  public static int bindingError(
      byte[] transactionId, int code, String reason, byte[] key, byte[] out, int off) {
    return error(transactionId, code, reason, -1, key, out, off);
  }

  /**
   * A Binding error response 420 Unknown Attribute (RFC 8489 §6.3.1.1) whose UNKNOWN-ATTRIBUTES
   * (RFC 8489 §14.9) lists {@code attributeType}, as {@link StunMessage#unknownRequiredAttribute()}
   * reports it; MESSAGE-INTEGRITY when {@code key} is not null; FINGERPRINT.
   *
   * @param attributeType a comprehension-required type, 0x0000-0x7FFF
   */
  public static int bindingUnknownAttribute(
      byte[] transactionId, int attributeType, byte[] key, byte[] out, int off) {
    if (attributeType < 0 || attributeType > 0x7FFF) {
      throw new IllegalArgumentException(
          "not a comprehension-required attribute type: " + attributeType);
    }
    return error(
        transactionId, UNKNOWN_ATTRIBUTE, "Unknown Attribute", attributeType, key, out, off);
  }

  /**
   * A Binding request as the controlling ICE agent sends it (RFC 8445 §7.1): USERNAME ("remote
   * ufrag:local ufrag"), PRIORITY, ICE-CONTROLLING with {@code tieBreaker}, USE-CANDIDATE when
   * {@code nominate}, MESSAGE-INTEGRITY with {@code key} (the remote password's UTF-8 bytes),
   * FINGERPRINT. Used by the load generator and test peers; the SFU itself is ICE-lite and sends no
   * checks.
   *
   * @param transactionId a fresh 12-byte transaction ID from a secure random source
   * @param username at most 513 bytes of UTF-8
   * @param priority 0 to 2^32 - 1
   */
  public static int bindingRequest(
      byte[] transactionId,
      String username,
      long priority,
      long tieBreaker,
      boolean nominate,
      byte[] key,
      byte[] out,
      int off) {
    checkTransactionId(transactionId);
    checkKey(key);
    if (username == null) {
      throw new IllegalArgumentException("a Binding request needs a USERNAME");
    }
    byte[] user = username.getBytes(StandardCharsets.UTF_8);
    if (user.length > Stun.MAX_USERNAME_BYTES) {
      throw new IllegalArgumentException("USERNAME longer than 513 bytes: " + user.length);
    }
    if (priority < 0 || priority > 0xFFFFFFFFL) {
      throw new IllegalArgumentException("PRIORITY is an unsigned 32-bit value: " + priority);
    }
    int length =
        Stun.HEADER_LENGTH
            + 4
            + Stun.padded(user.length)
            + 4
            + 4
            + 4
            + 8
            + (nominate ? 4 : 0)
            + TRAILER_WITH_INTEGRITY;
    checkRoom(out, off, length);

    int at = writeHeader(out, off, Stun.BINDING_REQUEST, transactionId);
    at = writeAttributeHeader(out, at, Stun.ATTR_USERNAME, user.length);
    at = writePadded(out, at, user);
    at = writeAttributeHeader(out, at, Stun.ATTR_PRIORITY, 4);
    Stun.writeInt(out, at, (int) priority);
    at += 4;
    at = writeAttributeHeader(out, at, Stun.ATTR_ICE_CONTROLLING, 8);
    Stun.writeLong(out, at, tieBreaker);
    at += 8;
    if (nominate) {
      at = writeAttributeHeader(out, at, Stun.ATTR_USE_CANDIDATE, 0);
    }
    return finish(out, off, at, key);
  }

  private static int error(
      byte[] transactionId,
      int code,
      String reason,
      int unknownAttribute,
      byte[] key,
      byte[] out,
      int off) {
    checkTransactionId(transactionId);
    if (code < 300 || code > 699) {
      throw new IllegalArgumentException("ERROR-CODE must be 300-699: " + code);
    }
    if (reason == null || reason.codePointCount(0, reason.length()) > MAX_REASON_CHARACTERS) {
      throw new IllegalArgumentException("a reason phrase of fewer than 128 characters is needed");
    }
    if (key != null) {
      checkKey(key);
    }
    byte[] phrase = reason.getBytes(StandardCharsets.UTF_8);
    int length =
        Stun.HEADER_LENGTH
            + 4
            + 4
            + Stun.padded(phrase.length)
            + (unknownAttribute >= 0 ? 4 + 4 : 0)
            + (key != null ? StunChecksums.MESSAGE_INTEGRITY_ATTRIBUTE_LENGTH : 0)
            + StunChecksums.FINGERPRINT_ATTRIBUTE_LENGTH;
    checkRoom(out, off, length);

    int at = writeHeader(out, off, Stun.BINDING_ERROR, transactionId);
    // ERROR-CODE (RFC 8489 §14.8): 21 reserved zero bits, 3-bit class, 8-bit number, reason.
    at = writeAttributeHeader(out, at, Stun.ATTR_ERROR_CODE, 4 + phrase.length);
    out[at] = 0;
    out[at + 1] = 0;
    out[at + 2] = (byte) (code / 100);
    out[at + 3] = (byte) (code % 100);
    at = writePadded(out, at + 4, phrase);
    if (unknownAttribute >= 0) {
      // UNKNOWN-ATTRIBUTES (RFC 8489 §14.9): 16-bit types, here one, padded to 4 bytes.
      at = writeAttributeHeader(out, at, Stun.ATTR_UNKNOWN_ATTRIBUTES, 2);
      Stun.writeUint16(out, at, unknownAttribute);
      Stun.writeUint16(out, at + 2, 0);
      at += 4;
    }
    return finish(out, off, at, key);
  }

  /** Writes the 20-byte header (RFC 8489 §5) with length 0 for now; returns the next offset. */
  private static int writeHeader(byte[] out, int off, int type, byte[] transactionId) {
    Stun.writeUint16(out, off, type);
    Stun.writeUint16(out, off + 2, 0);
    Stun.writeInt(out, off + 4, Stun.MAGIC_COOKIE);
    System.arraycopy(
        transactionId, 0, out, off + Stun.TRANSACTION_ID_OFFSET, Stun.TRANSACTION_ID_LENGTH);
    return off + Stun.HEADER_LENGTH;
  }

  /** Writes an attribute's type and length (RFC 8489 §14); returns where its value goes. */
  private static int writeAttributeHeader(byte[] out, int at, int type, int length) {
    Stun.writeUint16(out, at, type);
    Stun.writeUint16(out, at + 2, length);
    return at + 4;
  }

  /** Writes {@code value} and zero padding to a multiple of 4 (RFC 8489 §14). */
  private static int writePadded(byte[] out, int at, byte[] value) {
    System.arraycopy(value, 0, out, at, value.length);
    int end = at + Stun.padded(value.length);
    for (int i = at + value.length; i < end; i++) {
      out[i] = 0;
    }
    return end;
  }

  /**
   * Appends MESSAGE-INTEGRITY when {@code key} is not null (RFC 8489 §14.5: the length field first
   * counts up to the end of MESSAGE-INTEGRITY), then FINGERPRINT (§14.7: the length field now
   * counts it too), and returns the message's total length.
   */
  private static int finish(byte[] out, int off, int at, byte[] key) {
    if (key != null) {
      Stun.writeUint16(
          out,
          off + 2,
          at + StunChecksums.MESSAGE_INTEGRITY_ATTRIBUTE_LENGTH - off - Stun.HEADER_LENGTH);
      int hmacAt =
          writeAttributeHeader(out, at, Stun.ATTR_MESSAGE_INTEGRITY, StunChecksums.HMAC_LENGTH);
      StunChecksums.hmac(key, out, off, at, out, hmacAt);
      at = hmacAt + StunChecksums.HMAC_LENGTH;
    }
    Stun.writeUint16(
        out, off + 2, at + StunChecksums.FINGERPRINT_ATTRIBUTE_LENGTH - off - Stun.HEADER_LENGTH);
    int valueAt = writeAttributeHeader(out, at, Stun.ATTR_FINGERPRINT, 4);
    Stun.writeInt(out, valueAt, StunChecksums.fingerprint(out, off, at));
    return valueAt + 4 - off;
  }

  private static void checkTransactionId(byte[] transactionId) {
    if (transactionId == null || transactionId.length != Stun.TRANSACTION_ID_LENGTH) {
      throw new IllegalArgumentException("a transaction ID is 12 bytes");
    }
  }

  private static void checkKey(byte[] key) {
    if (key == null || key.length == 0) {
      throw new IllegalArgumentException("a MESSAGE-INTEGRITY key must not be null or empty");
    }
  }

  private static void checkRoom(byte[] out, int off, int length) {
    if (out == null) {
      throw new IllegalArgumentException("no output buffer");
    }
    if (off < 0 || off > out.length || out.length - off < length) {
      throw new IndexOutOfBoundsException(
          "need " + length + " bytes at " + off + " in a buffer of " + out.length);
    }
  }
}
