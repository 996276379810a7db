package org.conclave.media.stun;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * MESSAGE-INTEGRITY (HMAC-SHA1, RFC 8489 §14.5) and FINGERPRINT (CRC-32, RFC 8489 §14.7) over a
 * message in a byte array, shared by the parser and the writer.
 *
 * <p>Each thread gets one JCA {@code Mac} ("HmacSHA1"), one {@code CRC32} and two 20-byte scratch
 * arrays, made on its first use and kept in a {@link ThreadLocal}; the Mac is re-keyed on every
 * call, so a call allocates only the {@link SecretKeySpec} (and its copy of the key). The transport
 * loop is one thread, so in practice this is one Mac.
 */
final class StunChecksums {

  /** Length of the HMAC-SHA1 value in MESSAGE-INTEGRITY (RFC 8489 §14.5). */
  static final int HMAC_LENGTH = 20;

  /** MESSAGE-INTEGRITY attribute: 4-byte header and 20-byte HMAC. */
  static final int MESSAGE_INTEGRITY_ATTRIBUTE_LENGTH = 4 + HMAC_LENGTH;

  /** FINGERPRINT attribute: 4-byte header and the 32-bit value. */
  static final int FINGERPRINT_ATTRIBUTE_LENGTH = 8;

  /** The CRC-32 is XOR-ed with this, the ASCII for "STUN" (RFC 8489 §14.7). */
  private static final int FINGERPRINT_XOR = 0x5354554E;

  private static final String HMAC_SHA1 = "HmacSHA1";

  private static final ThreadLocal<PerThread> PER_THREAD = ThreadLocal.withInitial(PerThread::new);

  private StunChecksums() {}

  /**
   * Computes MESSAGE-INTEGRITY for the attribute at {@code miOffset} of the message starting at
   * {@code msgOff}: the HMAC-SHA1 of the header and the attributes before it, with the header's
   * Message Length counted as if the message ended right after MESSAGE-INTEGRITY (RFC 8489 §14.5),
   * whatever the length field holds. Writes 20 bytes into {@code dst} at {@code dstOff}.
   *
   * @throws IllegalArgumentException when the key is null or empty (JCA refuses an empty key)
   */
  static void hmac(byte[] key, byte[] buf, int msgOff, int miOffset, byte[] dst, int dstOff) {
    if (key == null || key.length == 0) {
      throw new IllegalArgumentException("a MESSAGE-INTEGRITY key must not be empty");
    }
    Mac mac = PER_THREAD.get().mac;
    try {
      mac.init(new SecretKeySpec(key, HMAC_SHA1));
      int adjustedLength =
          miOffset + MESSAGE_INTEGRITY_ATTRIBUTE_LENGTH - msgOff - Stun.HEADER_LENGTH;
      mac.update(buf, msgOff, 2); // the message type
      mac.update((byte) (adjustedLength >>> 8));
      mac.update((byte) adjustedLength);
      mac.update(buf, msgOff + 4, miOffset - msgOff - 4); // cookie, transaction ID, attributes
      mac.doFinal(dst, dstOff);
    } catch (ShortBufferException e) {
      throw new IndexOutOfBoundsException("no room for the HMAC at " + dstOff);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("HMAC-SHA1 refused the key", e);
    }
  }

  /**
   * Whether the MESSAGE-INTEGRITY attribute at {@code miOffset} of the message starting at 0 in
   * {@code message} holds the HMAC computed with {@code key}, compared in constant time with {@link
   * MessageDigest#isEqual}. False for a null or empty key; never throws for a message the parser
   * accepted.
   */
  static boolean verify(byte[] key, byte[] message, int miOffset) {
    if (key == null || key.length == 0) {
      return false;
    }
    PerThread scratch = PER_THREAD.get();
    try {
      hmac(key, message, 0, miOffset, scratch.computed, 0);
    } catch (RuntimeException e) {
      return false;
    }
    System.arraycopy(message, miOffset + 4, scratch.received, 0, HMAC_LENGTH);
    return MessageDigest.isEqual(scratch.computed, scratch.received);
  }

  /**
   * The FINGERPRINT value for a message whose FINGERPRINT attribute starts at {@code fpOffset}:
   * CRC-32 of the bytes from {@code msgOff} up to it, XOR 0x5354554E (RFC 8489 §14.7). The header's
   * Message Length must already include the FINGERPRINT attribute.
   */
  static int fingerprint(byte[] buf, int msgOff, int fpOffset) {
    CRC32 crc = PER_THREAD.get().crc;
    crc.reset();
    crc.update(buf, msgOff, fpOffset - msgOff);
    return (int) crc.getValue() ^ FINGERPRINT_XOR;
  }

  /** One thread's Mac, CRC and scratch arrays. */
  private static final class PerThread {
    final Mac mac;
    final CRC32 crc = new CRC32();
    final byte[] computed = new byte[HMAC_LENGTH];
    final byte[] received = new byte[HMAC_LENGTH];

    PerThread() {
      try {
        mac = Mac.getInstance(HMAC_SHA1);
      } catch (GeneralSecurityException e) {
        // Every Java platform must provide HmacSHA1 (javax.crypto.Mac's Javadoc).
        throw new IllegalStateException("this JVM has no HmacSHA1", e);
      }
    }
  }
}
