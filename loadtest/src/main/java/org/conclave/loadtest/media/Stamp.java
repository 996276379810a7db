package org.conclave.loadtest.media;

/**
 * The send stamp every benchmark packet carries inside its opaque payload, at byte {@value
 * #OFFSET}: 8 bytes of {@link System#nanoTime()} in the generator when the packet was handed to its
 * socket, 4 bytes of the SSRC the publisher sent it under, 4 bytes of that source's packet counter
 * (all big-endian).
 *
 * <p>Why in the payload and not an RTP header extension: an SFU forwards only the extensions it
 * negotiated with the subscriber and rewrites or strips the rest (ours keeps audio level and
 * transport-wide sequence number, restamped); the payload is what end-to-end encryption would keep
 * opaque, so every SFU must pass it on byte for byte. Why at {@value #OFFSET}: a VP8 payload starts
 * with our 4-byte payload descriptor (RFC 7741 §4.2) and, in a frame's first packet, the VP8
 * payload header (3 bytes, 10 for a keyframe, RFC 6386 §9.1) that an SFU may read to find
 * keyframes; the stamp comes after both. Opus payloads carry it at the same offset, so a receiver
 * needs no codec to find it. The sending and receiving peers live in the same process, so one clock
 * serves both.
 */
final class Stamp {

  static final int OFFSET = 14;

  /** The smallest payload that holds a stamp. */
  static final int MIN_PAYLOAD = OFFSET + 16;

  private Stamp() {}

  static void write(byte[] payload, long sentNanos, long ssrc, int counter) {
    putLong(payload, OFFSET, sentNanos);
    putInt(payload, OFFSET + 8, (int) ssrc);
    putInt(payload, OFFSET + 12, counter);
  }

  /** Whether {@code payload} is long enough to carry a stamp. */
  static boolean fits(byte[] payload) {
    return payload.length >= MIN_PAYLOAD;
  }

  static long sentNanos(byte[] payload) {
    return getLong(payload, OFFSET);
  }

  static long ssrc(byte[] payload) {
    return getInt(payload, OFFSET + 8) & 0xFFFF_FFFFL;
  }

  static int counter(byte[] payload) {
    return getInt(payload, OFFSET + 12);
  }

  private static void putLong(byte[] b, int off, long v) {
    putInt(b, off, (int) (v >>> 32));
    putInt(b, off + 4, (int) v);
  }

  private static void putInt(byte[] b, int off, int v) {
    b[off] = (byte) (v >>> 24);
    b[off + 1] = (byte) (v >>> 16);
    b[off + 2] = (byte) (v >>> 8);
    b[off + 3] = (byte) v;
  }

  private static long getLong(byte[] b, int off) {
    return ((long) getInt(b, off) << 32) | (getInt(b, off + 4) & 0xFFFF_FFFFL);
  }

  private static int getInt(byte[] b, int off) {
    return ((b[off] & 0xFF) << 24)
        | ((b[off + 1] & 0xFF) << 16)
        | ((b[off + 2] & 0xFF) << 8)
        | (b[off + 3] & 0xFF);
  }
}
