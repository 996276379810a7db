package org.conclave.media.sfu;

import org.conclave.media.rtcp.TransportCcWriter;

/**
 * Records the arrival time of each packet carrying a transport-wide sequence number from one
 * publisher, and turns them into transport-cc feedback (draft-holmer-rmcat-transport-wide-cc-
 * extensions-01 §3.1) every feedback interval, so the publishing browser's own congestion control
 * (Google Congestion Control) sees its delay and loss and sets its send rate. Loop thread only.
 *
 * <p>Arrivals are kept in a fixed ring indexed by sequence number, and feedback is written with a
 * kept {@link TransportCcWriter}: nothing is allocated per packet or per feedback. A feedback
 * packet covers the sequence numbers since the previous one.
 */
final class TwccRecorder {
  private static final int RING = 1 << 12;
  private static final long NOT_ARRIVED = Long.MIN_VALUE;

  private final long[] arrivalMicros = new long[RING];
  private boolean any;
  private int nextToReport; // first sequence number not yet reported
  private int highest; // highest sequence number received
  private int feedbackCount;
  private final TransportCcWriter writer = new TransportCcWriter(RING);

  TwccRecorder() {
    java.util.Arrays.fill(arrivalMicros, NOT_ARRIVED);
  }

  void onPacket(int transportSequence, long arrivalNanos) {
    int seq = transportSequence & 0xFFFF;
    if (!any) {
      any = true;
      nextToReport = seq;
      highest = seq;
    } else {
      int ahead = (seq - highest) & 0xFFFF;
      if (ahead != 0 && ahead < 0x8000) {
        highest = seq;
      }
      int behind = (nextToReport - seq) & 0xFFFF;
      if (behind != 0 && behind < 0x8000) {
        return; // already reported
      }
    }
    arrivalMicros[seq & (RING - 1)] = arrivalNanos / 1000;
  }

  /**
   * Writes transport-cc feedback for everything since the last call into {@code buf} at {@code off}
   * and returns its length, or 0 when nothing new arrived or the packet would be longer than {@code
   * maxLength} (those arrivals are then not reported). Spans longer than the ring, or with gaps the
   * format cannot hold, are cut to what fits; the rest goes in the next packet. Allocates nothing.
   */
  int writeFeedback(long senderSsrc, long mediaSsrc, byte[] buf, int off, int maxLength) {
    if (!any) {
      return 0;
    }
    int span = ((highest - nextToReport) & 0xFFFF) + 1;
    if (span <= 0 || span > 0x8000) {
      return 0;
    }
    if (span > RING) {
      nextToReport = (highest - RING + 1) & 0xFFFF;
      span = RING;
    }
    writer.reset();
    int last = -1;
    for (int i = 0; i < span; i++) {
      int seq = (nextToReport + i) & 0xFFFF;
      int slot = seq & (RING - 1);
      long t = arrivalMicros[slot];
      if (t == NOT_ARRIVED) {
        continue;
      }
      if (!writer.add(seq, t)) {
        break; // a delta over ±8.19 s cannot be written: report the rest next time
      }
      arrivalMicros[slot] = NOT_ARRIVED;
      last = seq;
    }
    if (last < 0) {
      return 0;
    }
    nextToReport = (last + 1) & 0xFFFF;
    int count = feedbackCount++ & 0xFF;
    if (writer.length() > maxLength) {
      return 0;
    }
    return writer.write(senderSsrc, mediaSsrc, count, buf, off);
  }
}
