package org.conclave.media.rtp;

import java.util.List;

/**
 * The header fields of an RTP packet (RFC 3550 §5.1) with its RFC 8285 header extensions: what
 * {@link RtpWriter} writes and {@link RtpPacket#parse} reads back. Immutable.
 *
 * @param marker the marker bit M
 * @param payloadType 0-127
 * @param sequenceNumber 0-65535
 * @param timestamp 0 to 2^32-1
 * @param ssrc 0 to 2^32-1
 * @param csrcs at most 15 contributing sources, each 0 to 2^32-1
 * @param extensions the header extension elements, in order; empty for no extension block
 */
public record RtpFields(
    boolean marker,
    int payloadType,
    int sequenceNumber,
    long timestamp,
    long ssrc,
    List<Long> csrcs,
    List<HeaderExtension> extensions) {

  /** Checks every field against the width RFC 3550 §5.1 gives it; copies the lists. */
  public RtpFields {
    check(payloadType >= 0 && payloadType <= 127, "payload type must be 0-127");
    check(sequenceNumber >= 0 && sequenceNumber <= 0xFFFF, "sequence number must be 0-65535");
    check(isUint32(timestamp), "timestamp must be 0 to 2^32-1");
    check(isUint32(ssrc), "SSRC must be 0 to 2^32-1");
    csrcs = List.copyOf(csrcs);
    check(csrcs.size() <= 15, "at most 15 CSRCs");
    for (long csrc : csrcs) {
      check(isUint32(csrc), "CSRC must be 0 to 2^32-1");
    }
    extensions = List.copyOf(extensions);
  }

  /** Fields with no CSRCs and no header extensions. */
  public static RtpFields of(
      boolean marker, int payloadType, int sequenceNumber, long timestamp, long ssrc) {
    return new RtpFields(
        marker, payloadType, sequenceNumber, timestamp, ssrc, List.of(), List.of());
  }

  private static boolean isUint32(long value) {
    return value >= 0 && value <= 0xFFFF_FFFFL;
  }

  private static void check(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
