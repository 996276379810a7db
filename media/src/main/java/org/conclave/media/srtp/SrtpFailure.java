package org.conclave.media.srtp;

/**
 * Why {@link SrtpSession} refused a packet. Each has a negative result code, so that a protect or
 * unprotect call can answer with one {@code int} and allocate nothing.
 */
public enum SrtpFailure {
  /** The authentication tag (HMAC-SHA1 or the GCM tag) did not match: forged or corrupted. */
  AUTH_FAILED,
  /** Seen before or older than the 64-packet replay window (RFC 3711 §3.3.2). */
  REPLAYED,
  /** Shorter than its header, header extension, SRTCP index and tag claim. */
  TOO_SHORT,
  /** Not RTP/RTCP version 2. */
  MALFORMED,
  /** The caller's buffer has no room after the packet for the tag (and SRTCP index). */
  NO_ROOM,
  /** The session already has contexts for the most SSRCs it allows; the new SSRC is dropped. */
  TOO_MANY_SSRCS,
  /** The session was closed. */
  CLOSED,
  /** Anything else the crypto library reported or threw. */
  UNKNOWN;

  private static final SrtpFailure[] VALUES = values();

  /** The negative result code for this failure: -1 for the first, -2 for the next, and so on. */
  public int code() {
    return -1 - ordinal();
  }

  /** True when a protect/unprotect result is a failure code rather than a length. */
  public static boolean isFailure(int result) {
    return result < 0;
  }

  /**
   * The failure a negative result stands for, or null for a success (a length, zero or more) and
   * for negative numbers no failure has.
   */
  public static SrtpFailure of(int result) {
    int index = -1 - result;
    return result < 0 && index < VALUES.length ? VALUES[index] : null;
  }
}
