package org.conclave.media.sfu;

import org.conclave.media.rtcp.ReportBlock;

/**
 * What a receiver knows about one incoming RTP stream, kept as RFC 3550 Appendix A.1 (sequence
 * numbers, cycles, expected and lost) and A.8 (interarrival jitter) describe, to fill the report
 * block of our receiver reports to the publisher. Allocation-free per packet. Loop thread only.
 */
final class ReceiveStatistics {
  private static final int MAX_DROPOUT = 3000;
  private static final int MAX_MISORDER = 100;

  private final int clockRate;
  private boolean started;
  private int maxSeq;
  private long cycles;
  private int baseSeq;
  private long received;
  private long expectedPrior;
  private long receivedPrior;
  private double jitter;
  private long lastTransit;
  private boolean haveTransit;

  // The latest sender report, for LSR and DLSR.
  private long lastSrNtpMiddle;
  private long lastSrArrivalNanos;

  ReceiveStatistics(int clockRate) {
    this.clockRate = clockRate;
  }

  /** RFC 3550 A.1 update_seq plus A.8 jitter. */
  void onPacket(int seq, long rtpTimestamp, long arrivalNanos) {
    if (!started) {
      started = true;
      baseSeq = seq;
      maxSeq = seq;
      received = 1;
      updateJitter(rtpTimestamp, arrivalNanos);
      return;
    }
    int delta = (seq - maxSeq) & 0xFFFF;
    if (delta < MAX_DROPOUT) {
      if (seq < maxSeq) {
        cycles += 0x10000;
      }
      maxSeq = seq;
    } else if (delta <= 0x10000 - MAX_MISORDER) {
      // A big jump: the sender restarted; start again from this packet.
      baseSeq = seq;
      maxSeq = seq;
      cycles = 0;
      received = 0;
      expectedPrior = 0;
      receivedPrior = 0;
    }
    // else: duplicate or reordered packet, counted below.
    received++;
    updateJitter(rtpTimestamp, arrivalNanos);
  }

  private void updateJitter(long rtpTimestamp, long arrivalNanos) {
    long arrival = arrivalNanos / 1000 * clockRate / 1_000_000; // in RTP units
    long transit = arrival - rtpTimestamp;
    if (haveTransit) {
      long d = Math.abs(transit - lastTransit);
      if (d < (long) clockRate * 10) {
        jitter += (d - jitter) / 16.0;
      }
    }
    lastTransit = transit;
    haveTransit = true;
  }

  void onSenderReport(long ntpTimestamp, long arrivalNanos) {
    lastSrNtpMiddle = (ntpTimestamp >>> 16) & 0xFFFF_FFFFL;
    lastSrArrivalNanos = arrivalNanos;
  }

  long extendedHighestSequence() {
    return cycles + maxSeq;
  }

  long expected() {
    return started ? extendedHighestSequence() - baseSeq + 1 : 0;
  }

  long cumulativeLost() {
    return Math.max(0, expected() - received);
  }

  boolean started() {
    return started;
  }

  /** A report block for now (RFC 3550 A.3); advances the interval for the fraction lost. */
  ReportBlock report(long ssrc, long nowNanos) {
    long expected = expected();
    long expectedInterval = expected - expectedPrior;
    long receivedInterval = received - receivedPrior;
    expectedPrior = expected;
    receivedPrior = received;
    long lostInterval = expectedInterval - receivedInterval;
    int fraction =
        expectedInterval == 0 || lostInterval <= 0
            ? 0
            : (int) Math.min(255, (lostInterval << 8) / expectedInterval);
    long lost = Math.min(0x7F_FFFF, expected - received);
    long dlsr =
        lastSrArrivalNanos == 0 ? 0 : (nowNanos - lastSrArrivalNanos) * 65536 / 1_000_000_000L;
    return new ReportBlock(
        ssrc,
        fraction,
        (int) Math.max(-0x80_0000, lost),
        extendedHighestSequence() & 0xFFFF_FFFFL,
        ((long) jitter) & 0xFFFF_FFFFL,
        lastSrNtpMiddle,
        lastSrArrivalNanos == 0 ? 0 : dlsr & 0xFFFF_FFFFL);
  }
}
