package org.conclave.media.dtls;

/** Cheap checks on a datagram before it goes near BouncyCastle. Allocation-free; reads in place. */
public final class DtlsRecords {

  /**
   * DTLSPlaintext/DTLSCiphertext header: type, version, epoch, sequence, length (RFC 6347 §4.1).
   */
  static final int RECORD_HEADER_LENGTH = 13;

  /** A record's fragment may be up to 2^14 + 2048 bytes (RFC 5246 §6.2.3, RFC 6347 §4.1). */
  static final int MAX_FRAGMENT_LENGTH = (1 << 14) + 2048;

  private DtlsRecords() {}

  /**
   * RFC 7983 §7: on a port shared with STUN, RTP and RTCP, a first byte in 20..63 means DTLS. The
   * transport loop's demultiplexer uses this; it says nothing about the rest of the datagram.
   */
  public static boolean looksLikeDtls(byte[] buf, int off, int len) {
    if (buf == null || off < 0 || len < 1 || off > buf.length - len) {
      return false;
    }
    int first = buf[off] & 0xFF;
    return first >= 20 && first <= 63;
  }

  /**
   * True when the datagram is one or more whole DTLS 1.x records and nothing else (RFC 6347 §4.1):
   * each has a 13-byte header with content type change_cipher_spec (20), alert (21), handshake (22)
   * or application_data (23) (RFC 5246 §6.2.1; heartbeat and connection-ID records are never
   * negotiated here), major version 254 (DTLS 1.0 is {254, 255}, 1.2 is {254, 253}), and a length
   * that fits both the limit and the datagram.
   */
  /**
   * True when a datagram that {@link #isWellFormed} holds a protected record (epoch 1 or later, RFC
   * 6347 §4.1) whose fragment is shorter than {@code shortest}: too short to carry the cipher's
   * nonce and tag, so it cannot be genuine.
   */
  static boolean hasTooShortProtectedRecord(byte[] buf, int off, int len, int shortest) {
    int pos = off;
    int end = off + len;
    while (pos + RECORD_HEADER_LENGTH <= end) {
      int epoch = ((buf[pos + 3] & 0xFF) << 8) | (buf[pos + 4] & 0xFF);
      int length = ((buf[pos + 11] & 0xFF) << 8) | (buf[pos + 12] & 0xFF);
      if (epoch != 0 && length < shortest) {
        return true;
      }
      pos += RECORD_HEADER_LENGTH + length;
    }
    return false;
  }

  static boolean isWellFormed(byte[] buf, int off, int len) {
    if (buf == null || off < 0 || len < RECORD_HEADER_LENGTH || off > buf.length - len) {
      return false;
    }
    int pos = off;
    int end = off + len;
    while (pos < end) {
      if (end - pos < RECORD_HEADER_LENGTH) {
        return false;
      }
      int type = buf[pos] & 0xFF;
      if (type < 20 || type > 23 || (buf[pos + 1] & 0xFF) != 254) {
        return false;
      }
      int length = ((buf[pos + 11] & 0xFF) << 8) | (buf[pos + 12] & 0xFF);
      if (length > MAX_FRAGMENT_LENGTH || length > end - pos - RECORD_HEADER_LENGTH) {
        return false;
      }
      pos += RECORD_HEADER_LENGTH + length;
    }
    return true;
  }
}
