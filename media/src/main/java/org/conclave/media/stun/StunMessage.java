package org.conclave.media.stun;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One parsed STUN message (RFC 8489 §5 header, §14 attributes): immutable, safe to share between
 * threads. It keeps a private copy of the message's bytes, because MESSAGE-INTEGRITY can only be
 * checked once the caller has looked up the key by {@link #username()}, and by then the caller's
 * buffer may hold the next datagram.
 *
 * <p>What {@link #parse} allocates: this object, the copy (at most 1,500 bytes), the username
 * String when USERNAME is present and the address when XOR-MAPPED-ADDRESS is present; and nothing
 * for input it refuses before the attribute walk completes. Attributes are TLVs padded to 4 bytes
 * (RFC 8489 §14):
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Type                  |            Length             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         Value (variable)                ....
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>Rules the parser keeps (anything else makes {@code parse} return null):
 *
 * <ul>
 *   <li>the header passes {@link Stun#looksLikeStun}; the message is at most 1,500 bytes;
 *   <li>every attribute and its padding stays inside the message;
 *   <li>the attributes we read have the lengths their RFCs give: USERNAME at most 513 bytes of
 *       well-formed UTF-8, MESSAGE-INTEGRITY 20, FINGERPRINT 4, PRIORITY 4, USE-CANDIDATE 0,
 *       ICE-CONTROLLED and ICE-CONTROLLING 8, XOR-MAPPED-ADDRESS 8 (IPv4) or 20 (IPv6), ERROR-CODE
 *       at least 4 with class 3-6 and number 0-99, UNKNOWN-ATTRIBUTES a multiple of 2;
 *   <li>FINGERPRINT, when present, is the last attribute (RFC 8489 §14.7).
 * </ul>
 *
 * <p>Attributes between MESSAGE-INTEGRITY and FINGERPRINT are ignored, neither read nor counted as
 * unknown (RFC 8489 §14.5): they are not covered by the HMAC. Where an attribute repeats, the first
 * occurrence counts (RFC 8489 §14).
 */
public final class StunMessage {

  private final byte[] bytes;
  private final int type;
  private final String username;
  private final long priority;
  private final boolean useCandidate;
  private final boolean iceControlling;
  private final boolean iceControlled;
  private final long tieBreaker;
  private final InetSocketAddress xorMappedAddress;
  private final int errorCode;
  private final int unknownRequiredAttribute;
  private final int integrityOffset;
  private final int fingerprintOffset;

  private StunMessage(
      byte[] bytes,
      String username,
      long priority,
      boolean useCandidate,
      boolean iceControlling,
      boolean iceControlled,
      long tieBreaker,
      InetSocketAddress xorMappedAddress,
      int errorCode,
      int unknownRequiredAttribute,
      int integrityOffset,
      int fingerprintOffset) {
    this.bytes = bytes;
    this.type = Stun.messageType(bytes, 0);
    this.username = username;
    this.priority = priority;
    this.useCandidate = useCandidate;
    this.iceControlling = iceControlling;
    this.iceControlled = iceControlled;
    this.tieBreaker = tieBreaker;
    this.xorMappedAddress = xorMappedAddress;
    this.errorCode = errorCode;
    this.unknownRequiredAttribute = unknownRequiredAttribute;
    this.integrityOffset = integrityOffset;
    this.fingerprintOffset = fingerprintOffset;
  }

  /**
   * Parses the STUN message in {@code buf[off, off + len)}, which must be the whole datagram.
   * Returns null for anything malformed (see the class comment), never throws for bad input, and
   * does not check MESSAGE-INTEGRITY or FINGERPRINT: call {@link #integrityValid} and {@link
   * #fingerprintValid}. Safe on any thread; the caller keeps its buffer.
   */
  public static StunMessage parse(byte[] buf, int off, int len) {
    if (!Stun.looksLikeStun(buf, off, len) || len > Stun.MAX_MESSAGE_LENGTH) {
      return null;
    }
    int end = off + len;
    int usernameAt = -1;
    int usernameLength = 0;
    long priority = -1;
    boolean useCandidate = false;
    boolean controlling = false;
    boolean controlled = false;
    long tieBreaker = 0;
    boolean tieBreakerSeen = false;
    int addressAt = -1;
    int errorCode = -1;
    int unknownRequired = -1;
    int integrityAt = -1;
    int fingerprintAt = -1;

    int at = off + Stun.HEADER_LENGTH;
    while (at < end) {
      if (fingerprintAt >= 0 || end - at < 4) {
        return null; // FINGERPRINT must be last (RFC 8489 §14.7)
      }
      int attributeType = Stun.readUint16(buf, at);
      int length = Stun.readUint16(buf, at + 2);
      int value = at + 4;
      if (Stun.padded(length) > end - value) {
        return null;
      }
      if (attributeType == Stun.ATTR_FINGERPRINT) {
        if (length != 4) {
          return null;
        }
        fingerprintAt = at;
      } else if (integrityAt >= 0) {
        // After MESSAGE-INTEGRITY only FINGERPRINT counts (RFC 8489 §14.5).
      } else {
        switch (attributeType) {
          case Stun.ATTR_USERNAME:
            if (length > Stun.MAX_USERNAME_BYTES || !isUtf8(buf, value, value + length)) {
              return null;
            }
            if (usernameAt < 0) {
              usernameAt = value;
              usernameLength = length;
            }
            break;
          case Stun.ATTR_MESSAGE_INTEGRITY:
            if (length != StunChecksums.HMAC_LENGTH) {
              return null;
            }
            integrityAt = at;
            break;
          case Stun.ATTR_ERROR_CODE:
            int code = errorCode(buf, value, length);
            if (code < 0) {
              return null;
            }
            if (errorCode < 0) {
              errorCode = code;
            }
            break;
          case Stun.ATTR_UNKNOWN_ATTRIBUTES:
            if ((length & 1) != 0) {
              return null;
            }
            break;
          case Stun.ATTR_XOR_MAPPED_ADDRESS:
            if (!isAddress(buf, value, length)) {
              return null;
            }
            if (addressAt < 0) {
              addressAt = value;
            }
            break;
          case Stun.ATTR_PRIORITY:
            if (length != 4) {
              return null;
            }
            if (priority < 0) {
              priority = Stun.readInt(buf, value) & 0xFFFFFFFFL;
            }
            break;
          case Stun.ATTR_USE_CANDIDATE:
            if (length != 0) {
              return null;
            }
            useCandidate = true;
            break;
          case Stun.ATTR_ICE_CONTROLLING:
          case Stun.ATTR_ICE_CONTROLLED:
            if (length != 8) {
              return null;
            }
            if (attributeType == Stun.ATTR_ICE_CONTROLLING) {
              controlling = true;
            } else {
              controlled = true;
            }
            if (!tieBreakerSeen) {
              tieBreaker = Stun.readLong(buf, value);
              tieBreakerSeen = true;
            }
            break;
          default:
            // 0x0000-0x7FFF are comprehension-required (RFC 8489 §14); the caller answers 420.
            if (attributeType < 0x8000 && unknownRequired < 0) {
              unknownRequired = attributeType;
            }
        }
      }
      at = value + Stun.padded(length);
    }

    byte[] copy = Arrays.copyOfRange(buf, off, end);
    String username =
        usernameAt < 0 ? null : new String(buf, usernameAt, usernameLength, StandardCharsets.UTF_8);
    InetSocketAddress address = addressAt < 0 ? null : xorAddress(copy, addressAt - off);
    return new StunMessage(
        copy,
        username,
        priority,
        useCandidate,
        controlling,
        controlled,
        tieBreaker,
        address,
        errorCode,
        unknownRequired,
        integrityAt < 0 ? -1 : integrityAt - off,
        fingerprintAt < 0 ? -1 : fingerprintAt - off);
  }

  /** The 14-bit message type, e.g. {@link Stun#BINDING_REQUEST}. */
  public int type() {
    return type;
  }

  /** A copy of the 12-byte transaction ID (RFC 8489 §5). */
  public byte[] transactionId() {
    return Arrays.copyOfRange(
        bytes, Stun.TRANSACTION_ID_OFFSET, Stun.TRANSACTION_ID_OFFSET + Stun.TRANSACTION_ID_LENGTH);
  }

  /**
   * Whether this message carries transaction ID {@code id12}, compared without an early exit so the
   * time taken does not tell how many leading bytes matched. False for null or not 12 bytes.
   * Allocates nothing.
   */
  public boolean sameTransaction(byte[] id12) {
    if (id12 == null || id12.length != Stun.TRANSACTION_ID_LENGTH) {
      return false;
    }
    int difference = 0;
    for (int i = 0; i < Stun.TRANSACTION_ID_LENGTH; i++) {
      difference |= id12[i] ^ bytes[Stun.TRANSACTION_ID_OFFSET + i];
    }
    return difference == 0;
  }

  /** USERNAME (0x0006, RFC 8489 §14.3) decoded as UTF-8, or null when absent. */
  public String username() {
    return username;
  }

  /** PRIORITY (0x0024, RFC 8445 §7.1.1) as an unsigned 32-bit value, or -1 when absent. */
  public long priority() {
    return priority;
  }

  /**
   * Whether USE-CANDIDATE (0x0025, RFC 8445 §7.1.2) is present: the controlling agent nominates.
   */
  public boolean useCandidate() {
    return useCandidate;
  }

  /** Whether ICE-CONTROLLING (0x802A, RFC 8445 §7.1.3) is present. */
  public boolean iceControlling() {
    return iceControlling;
  }

  /** Whether ICE-CONTROLLED (0x8029, RFC 8445 §7.1.3) is present. */
  public boolean iceControlled() {
    return iceControlled;
  }

  /**
   * The 64-bit tie-breaker of the first ICE-CONTROLLING or ICE-CONTROLLED attribute (RFC 8445
   * §7.1.3), as a signed long with the same bits (compare with {@link Long#compareUnsigned}); 0
   * when neither is present.
   */
  public long tieBreaker() {
    return tieBreaker;
  }

  /**
   * XOR-MAPPED-ADDRESS (0x0020, RFC 8489 §14.2) decoded: the port XOR the cookie's top 16 bits, an
   * IPv4 address XOR the cookie, an IPv6 address XOR the cookie and transaction ID. Null when
   * absent.
   */
  public InetSocketAddress xorMappedAddress() {
    return xorMappedAddress;
  }

  /** ERROR-CODE (0x0009, RFC 8489 §14.8) as class × 100 + number, e.g. 401; -1 when absent. */
  public int errorCode() {
    return errorCode;
  }

  /**
   * The type of the first comprehension-required attribute (0x0000-0x7FFF) before MESSAGE-INTEGRITY
   * that this parser does not understand, or -1. A server answers a request that has one with 420
   * (RFC 8489 §6.3.1.1, {@link StunWriter#bindingUnknownAttribute}). Understood: USERNAME,
   * MESSAGE-INTEGRITY, ERROR-CODE, UNKNOWN-ATTRIBUTES, XOR-MAPPED-ADDRESS, PRIORITY and
   * USE-CANDIDATE.
   */
  public int unknownRequiredAttribute() {
    return unknownRequiredAttribute;
  }

  /** Whether MESSAGE-INTEGRITY (0x0008) is present; says nothing of whether it is valid. */
  public boolean hasMessageIntegrity() {
    return integrityOffset >= 0;
  }

  /** Whether FINGERPRINT (0x8028) is present, as the last attribute; says nothing of its value. */
  public boolean hasFingerprint() {
    return fingerprintOffset >= 0;
  }

  /**
   * Whether MESSAGE-INTEGRITY is present and is the HMAC-SHA1 of the message up to it, with the
   * length field counting up to the end of MESSAGE-INTEGRITY (RFC 8489 §14.5), under {@code key}:
   * for ICE's short-term credentials the UTF-8 bytes of the password (RFC 8489 §9.1.1; SASLprep is
   * not applied, as ICE passwords are ASCII, RFC 8445 §5.3). The HMAC is compared in constant time
   * ({@link java.security.MessageDigest#isEqual}). False when absent or when {@code key} is null or
   * empty; never throws. Uses a per-thread {@code Mac}; allocates the key spec only.
   */
  public boolean integrityValid(byte[] key) {
    return integrityOffset >= 0 && StunChecksums.verify(key, bytes, integrityOffset);
  }

  /**
   * Whether FINGERPRINT is present and equals the CRC-32 of the message up to it XOR 0x5354554E
   * (RFC 8489 §14.7). False when absent. Allocates nothing.
   */
  public boolean fingerprintValid() {
    return fingerprintOffset >= 0
        && Stun.readInt(bytes, fingerprintOffset + 4)
            == StunChecksums.fingerprint(bytes, 0, fingerprintOffset);
  }

  /** Type and length only: no transaction ID or username, which would help spoof a peer. */
  @Override
  public String toString() {
    return String.format("StunMessage[type=0x%04x, length=%d]", type, bytes.length);
  }

  /** ERROR-CODE class × 100 + number, or -1 when malformed (RFC 8489 §14.8). */
  private static int errorCode(byte[] buf, int value, int length) {
    if (length < 4) {
      return -1;
    }
    int errorClass = buf[value + 2] & 0x07;
    int number = buf[value + 3] & 0xFF;
    if (errorClass < 3 || errorClass > 6 || number > 99) {
      return -1;
    }
    return errorClass * 100 + number;
  }

  /** Family 0x01 with a 4-byte address or 0x02 with a 16-byte one (RFC 8489 §14.2). */
  private static boolean isAddress(byte[] buf, int value, int length) {
    if (length < 4) {
      return false;
    }
    int family = buf[value + 1] & 0xFF;
    return (family == 0x01 && length == 8) || (family == 0x02 && length == 20);
  }

  /** Decodes an XOR-MAPPED-ADDRESS value already checked by {@link #isAddress} (RFC 8489 §14.2). */
  private static InetSocketAddress xorAddress(byte[] message, int value) {
    int port = Stun.readUint16(message, value + 2) ^ (Stun.MAGIC_COOKIE >>> 16);
    boolean ipv4 = message[value + 1] == 0x01;
    byte[] address = new byte[ipv4 ? 4 : 16];
    for (int i = 0; i < address.length; i++) {
      // The cookie and the transaction ID follow each other from byte 4 of the header.
      address[i] = (byte) (message[value + 4 + i] ^ message[4 + i]);
    }
    try {
      return new InetSocketAddress(InetAddress.getByAddress(address), port);
    } catch (UnknownHostException e) {
      throw new AssertionError("a 4- or 16-byte address is always accepted", e);
    }
  }

  /**
   * Whether {@code buf[from, to)} is well-formed UTF-8 (RFC 3629 §4): no overlong forms, no
   * surrogates, nothing above U+10FFFF. Allocates nothing.
   */
  static boolean isUtf8(byte[] buf, int from, int to) {
    int i = from;
    while (i < to) {
      int lead = buf[i] & 0xFF;
      if (lead < 0x80) {
        i++;
        continue;
      }
      int continuations;
      if (lead >= 0xC2 && lead <= 0xDF) {
        continuations = 1;
      } else if (lead >= 0xE0 && lead <= 0xEF) {
        continuations = 2;
      } else if (lead >= 0xF0 && lead <= 0xF4) {
        continuations = 3;
      } else {
        return false; // a continuation byte, an overlong two-byte lead (C0, C1) or F5-FF
      }
      if (to - i <= continuations) {
        return false;
      }
      int second = buf[i + 1] & 0xFF;
      if ((lead == 0xE0 && second < 0xA0)
          || (lead == 0xED && second > 0x9F)
          || (lead == 0xF0 && second < 0x90)
          || (lead == 0xF4 && second > 0x8F)) {
        return false;
      }
      for (int k = 1; k <= continuations; k++) {
        if ((buf[i + k] & 0xC0) != 0x80) {
          return false;
        }
      }
      i += continuations + 1;
    }
    return true;
  }
}
