package org.conclave.media.sfu;

import java.util.ArrayList;
import java.util.List;
import org.conclave.media.rtcp.TransportCcFeedback;

/**
 * Records the arrival time of each packet carrying a transport-wide sequence number from one
 * publisher, and turns them into transport-cc feedback (draft-holmer-rmcat-transport-wide-cc-
 * extensions-01 §3.1) every feedback interval, so the publishing browser's own congestion control
 * (Google Congestion Control) sees its delay and loss and sets its send rate. Loop thread only.
 *
 * <p>Arrivals are kept in a fixed ring indexed by sequence number (no allocation per packet); a
 * feedback packet covers the sequence numbers since the previous one.
 */
final class TwccRecorder {
  private static final int RING = 1 << 12;
  private static final long NOT_ARRIVED = Long.MIN_VALUE;

  private final long[] arrivalMicros = new long[RING];
  private boolean any;
  private int nextToReport; // first sequence number not yet reported
  private int highest; // highest sequence number received
  private int feedbackCount;

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
   * Feedback for everything since the last call, or null when nothing new arrived. Spans longer
   * than the ring, or with gaps the format cannot hold, are cut to what fits.
   */
  TransportCcFeedback feedback(long senderSsrc, long mediaSsrc) {
    if (!any) {
      return null;
    }
    int span = ((highest - nextToReport) & 0xFFFF) + 1;
    if (span <= 0 || span > 0x8000) {
      return null;
    }
    if (span > RING) {
      nextToReport = (highest - RING + 1) & 0xFFFF;
      span = RING;
    }
    List<TransportCcFeedback.Arrival> arrivals = new ArrayList<>();
    long previous = NOT_ARRIVED;
    for (int i = 0; i < span; i++) {
      int seq = (nextToReport + i) & 0xFFFF;
      int slot = seq & (RING - 1);
      long t = arrivalMicros[slot];
      if (t == NOT_ARRIVED) {
        continue;
      }
      if (previous != NOT_ARRIVED && Math.abs(t - previous) > 8_000_000) {
        break; // deltas over ±8.19 s cannot be written: report the rest next time
      }
      arrivals.add(new TransportCcFeedback.Arrival(seq, t));
      arrivalMicros[slot] = NOT_ARRIVED;
      previous = t;
    }
    if (arrivals.isEmpty()) {
      return null;
    }
    nextToReport = (arrivals.get(arrivals.size() - 1).sequence() + 1) & 0xFFFF;
    try {
      return TransportCcFeedback.fromArrivals(
          senderSsrc, mediaSsrc, feedbackCount++ & 0xFF, arrivals);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
