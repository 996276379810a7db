package org.conclave.media.cc;

import org.conclave.media.rtcp.TransportCcFeedback;

/**
 * The bandwidth towards one receiver, estimated by the sender from transport-wide congestion
 * control feedback, in the manner of Google Congestion Control (draft-ietf-rmcat-gcc-02): a
 * delay-based estimate from the trend of one-way delay variation between groups of packets, a
 * loss-based estimate from the fraction of packets lost, the lower of the two, and probes that show
 * bandwidth which came back.
 *
 * <p><b>Delay.</b> Packets sent within 5 ms of each other form a group (§5.2). For consecutive
 * groups, the difference between their arrival spacing and their send spacing is the delay
 * variation; its running sum, smoothed, is fitted with a line over the last 20 groups (the
 * trendline filter of libwebrtc, in place of the draft's Kalman filter). A slope above an adaptive
 * threshold (§5.4, gains 0.039 and 0.0087, from 12.5 ms) for more than 10 ms means the path's queue
 * is growing: overuse. The rate controller (§5.5) then drops to 85% of the rate the receiver
 * acknowledged (the lower of the last feedback's arrival rate and the last half second's), and
 * again every 200 ms while the overuse lasts; while the signal is normal it grows by 8% a second,
 * up to 1.5 times the acknowledged rate (it cannot know about more bandwidth than it uses, which is
 * what probes are for).
 *
 * <p><b>Loss</b> (§6): above 10% lost the estimate falls by half the loss fraction, and to no more
 * than the acknowledged rate (at most every 300 ms); below 2% it grows by 8% a second.
 *
 * <p><b>Probes.</b> A cluster of packets sent faster than the estimate ({@link #startProbe}); when
 * most of it arrived, the rate at which it arrived (and was sent, whichever is lower) becomes the
 * estimate if that is higher.
 *
 * <p>Not thread-safe: one subscriber's estimator is used on the node's loop thread only. Recording
 * a sent packet allocates nothing; handling feedback allocates the feedback's arrival list.
 */
public final class SendSideEstimator {

  /** The estimate never goes below this, in bits per second. */
  public static final long MIN_BPS = 50_000;

  /** Nor above this. */
  public static final long MAX_BPS = 30_000_000;

  /** Where the estimate starts, before any feedback. */
  public static final long INITIAL_BPS = 1_000_000;

  /** Whether the delay signal says the path is queueing, draining or neither. */
  public enum Usage {
    NORMAL,
    OVERUSE,
    UNDERUSE
  }

  private static final int HISTORY = 8192; // sent packets remembered, a power of two
  private static final long GROUP_NANOS = 5_000_000L;
  private static final int TREND_WINDOW = 20;
  private static final double SMOOTHING = 0.9;
  private static final double TREND_GAIN = 4.0;
  private static final double K_UP = 0.0087;
  private static final double K_DOWN = 0.039;
  private static final long OVERUSE_NANOS = 10_000_000L;
  private static final long LOSS_DECREASE_INTERVAL_NANOS = 300_000_000L;
  private static final long ACK_WINDOW_MICROS = 500_000L;
  private static final long DELAY_DECREASE_INTERVAL_NANOS = 200_000_000L;

  // What was sent, by transport-wide sequence number.
  private final int[] sentSeq = new int[HISTORY];
  private final long[] sentNanos = new long[HISTORY];
  private final int[] sentBytes = new int[HISTORY];
  private final int[] sentProbe = new int[HISTORY]; // the probe cluster's id, or 0
  private final boolean[] reported = new boolean[HISTORY];

  // Packet groups.
  private boolean groupOpen;
  private long groupFirstSend;
  private long groupLastSend;
  private long groupLastArrival;
  private boolean previousGroup;
  private long previousGroupSend;
  private long previousGroupArrival;
  private long firstArrivalMicros = Long.MIN_VALUE;

  // Trendline.
  private double accumulatedDelay;
  private double smoothedDelay;
  private final double[] trendX = new double[TREND_WINDOW];
  private final double[] trendY = new double[TREND_WINDOW];
  private int trendCount;
  private int trendNext;
  private int deltas;
  private double previousTrend;
  private double threshold = 12.5;
  private long lastThresholdUpdateNanos = Long.MIN_VALUE;
  private long overuseStartNanos = Long.MIN_VALUE;
  private Usage usage = Usage.NORMAL;
  private long lastOveruseNanos = Long.MIN_VALUE / 2;

  // Rates.
  private long delayBps = INITIAL_BPS;
  private long lossBps = MAX_BPS;
  private long lastIncreaseNanos = Long.MIN_VALUE;
  private boolean holding;
  private long lastDelayDecreaseNanos;
  private long lastLossDecreaseNanos = Long.MIN_VALUE / 2;
  private long lastLossIncreaseNanos = Long.MIN_VALUE;
  private double lossFraction;
  private long ackedBps = -1;
  private long deliveredBps = -1; // what the last feedback showed arriving, over at least 20 ms
  private long ackBytes;
  private long ackStartMicros = Long.MIN_VALUE;
  private long ackLastMicros;
  private boolean hasFeedback;

  // Probes.
  private int probeId;
  private int probeSent;
  private long probeBytes;
  private long probeFirstSend;
  private long probeLastSend;
  private boolean probeEnded;
  private int probeReceived;
  private long probeFirstArrival;
  private long probeLastArrival;
  private long probeArrivedBytes;
  private long probeFirstArrivalBytes;
  private int lastProbeResultId;
  private long lastProbeBps = -1;

  /** Records a packet sent with transport-wide sequence number {@code seq}. */
  public void onPacketSent(int seq, int bytes, long nowNanos, boolean probe) {
    int i = seq & (HISTORY - 1);
    sentSeq[i] = seq & 0xFFFF;
    sentNanos[i] = nowNanos;
    sentBytes[i] = bytes;
    sentProbe[i] = probe ? probeId : 0;
    reported[i] = false;
    if (probe) {
      if (probeSent == 0) {
        probeFirstSend = nowNanos;
      }
      probeSent++;
      probeBytes += bytes;
      probeLastSend = nowNanos;
    }
  }

  /** Starts a new probe cluster: the packets sent with {@code probe} true from now belong to it. */
  public void startProbe() {
    probeId++;
    probeSent = 0;
    probeBytes = 0;
    probeEnded = false;
    probeReceived = 0;
    probeFirstArrival = Long.MAX_VALUE;
    probeLastArrival = Long.MIN_VALUE;
    probeArrivedBytes = 0;
    probeFirstArrivalBytes = 0;
  }

  /** The current probe cluster is complete: its result is taken once most of it is reported. */
  public void endProbe() {
    probeEnded = true;
  }

  /** The rate the last finished probe showed, or -1. */
  public long lastProbeBps() {
    return lastProbeBps;
  }

  /** Reads one feedback packet from the receiver. */
  public void onFeedback(TransportCcFeedback fb, long nowNanos) {
    hasFeedback = true;
    int received = 0;
    int lost = 0;
    long firstArrival = Long.MAX_VALUE;
    long lastArrival = Long.MIN_VALUE;
    long deliveredBytes = 0;
    long firstArrivalBytes = 0;
    long time = fb.referenceTime() * TransportCcFeedback.MICROS_PER_REFERENCE_TICK;
    for (TransportCcFeedback.PacketStatus p : fb.packets()) {
      int i = p.sequence() & (HISTORY - 1);
      boolean known = sentSeq[i] == p.sequence() && !reported[i];
      if (!p.received()) {
        if (known) {
          lost++;
        }
        continue;
      }
      time += p.deltaTicks() * TransportCcFeedback.MICROS_PER_TICK;
      if (!known) {
        continue;
      }
      reported[i] = true;
      received++;
      deliveredBytes += sentBytes[i];
      if (time < firstArrival) {
        firstArrival = time;
        firstArrivalBytes = sentBytes[i];
      }
      lastArrival = Math.max(lastArrival, time);
      onArrival(sentNanos[i], time, sentBytes[i], nowNanos);
      if (sentProbe[i] == probeId && probeId != 0) {
        probeReceived++;
        probeArrivedBytes += sentBytes[i];
        if (time < probeFirstArrival) {
          probeFirstArrival = time;
          probeFirstArrivalBytes = sentBytes[i];
        }
        probeLastArrival = Math.max(probeLastArrival, time);
      }
    }
    if (received > 1 && lastArrival - firstArrival >= 20_000) {
      deliveredBps =
          (deliveredBytes - firstArrivalBytes) * 8_000_000L / (lastArrival - firstArrival);
    }
    if (received + lost > 0) {
      onLoss((double) lost / (received + lost), nowNanos);
    }
    if (probeEnded
        && probeId != lastProbeResultId
        && probeSent >= 5
        && probeReceived >= probeSent * 8 / 10
        && probeLastArrival > probeFirstArrival) {
      lastProbeResultId = probeId;
      long receiveBps =
          (probeArrivedBytes - probeFirstArrivalBytes)
              * 8_000_000L
              / (probeLastArrival - probeFirstArrival);
      long sendSpan = probeLastSend - probeFirstSend;
      long sendBps = sendSpan > 0 ? probeBytes * 8_000_000_000L / sendSpan : receiveBps;
      long probeBps = Math.min(receiveBps, sendBps);
      lastProbeBps = probeBps;
      if (probeBps > estimate() && usage != Usage.OVERUSE) {
        delayBps = clamp(probeBps);
        lossBps = Math.max(lossBps, delayBps);
        ackedBps = Math.max(ackedBps, probeBps);
      }
    }
    rateControl(nowNanos);
  }

  private void onArrival(long sendNanos, long arrivalMicros, int bytes, long nowNanos) {
    // Acknowledged rate over windows of about half a second of arrivals.
    if (ackStartMicros == Long.MIN_VALUE || arrivalMicros < ackStartMicros) {
      ackStartMicros = arrivalMicros;
      ackBytes = 0;
    }
    ackBytes += bytes;
    ackLastMicros = Math.max(ackLastMicros, arrivalMicros);
    if (ackLastMicros - ackStartMicros >= ACK_WINDOW_MICROS) {
      ackedBps = ackBytes * 8_000_000L / (ackLastMicros - ackStartMicros);
      ackStartMicros = ackLastMicros;
      ackBytes = 0;
    }
    // Packet groups by send time (§5.2).
    long arrivalNanos = arrivalMicros * 1000;
    if (!groupOpen) {
      openGroup(sendNanos, arrivalNanos);
      return;
    }
    if (sendNanos < groupFirstSend) {
      return; // reordered into an earlier group: ignored, as in the draft
    }
    if (sendNanos - groupFirstSend <= GROUP_NANOS) {
      groupLastSend = Math.max(groupLastSend, sendNanos);
      groupLastArrival = Math.max(groupLastArrival, arrivalNanos);
      return;
    }
    if (previousGroup) {
      double sendDelta = (groupLastSend - previousGroupSend) / 1e6;
      double arrivalDelta = (groupLastArrival - previousGroupArrival) / 1e6;
      onDelayVariation(arrivalDelta - sendDelta, groupLastArrival, nowNanos);
    }
    previousGroup = true;
    previousGroupSend = groupLastSend;
    previousGroupArrival = groupLastArrival;
    openGroup(sendNanos, arrivalNanos);
  }

  private void openGroup(long sendNanos, long arrivalNanos) {
    groupOpen = true;
    groupFirstSend = sendNanos;
    groupLastSend = sendNanos;
    groupLastArrival = arrivalNanos;
  }

  private void onDelayVariation(double variationMillis, long arrivalNanos, long nowNanos) {
    if (firstArrivalMicros == Long.MIN_VALUE) {
      firstArrivalMicros = arrivalNanos / 1000;
    }
    accumulatedDelay += variationMillis;
    smoothedDelay = SMOOTHING * smoothedDelay + (1 - SMOOTHING) * accumulatedDelay;
    trendX[trendNext] = (arrivalNanos / 1000 - firstArrivalMicros) / 1000.0;
    trendY[trendNext] = smoothedDelay;
    trendNext = (trendNext + 1) % TREND_WINDOW;
    trendCount = Math.min(TREND_WINDOW, trendCount + 1);
    deltas = Math.min(deltas + 1, 1000);
    if (trendCount < TREND_WINDOW) {
      return;
    }
    double meanX = 0;
    double meanY = 0;
    for (int i = 0; i < TREND_WINDOW; i++) {
      meanX += trendX[i];
      meanY += trendY[i];
    }
    meanX /= TREND_WINDOW;
    meanY /= TREND_WINDOW;
    double num = 0;
    double den = 0;
    for (int i = 0; i < TREND_WINDOW; i++) {
      num += (trendX[i] - meanX) * (trendY[i] - meanY);
      den += (trendX[i] - meanX) * (trendX[i] - meanX);
    }
    double slope = den == 0 ? previousTrend : num / den;
    detect(slope, nowNanos);
    previousTrend = slope;
  }

  /** The overuse detector (§5.4) on the trend's slope. */
  private void detect(double slope, long nowNanos) {
    double trend = Math.min(deltas, 60) * slope * TREND_GAIN;
    if (trend > threshold) {
      if (overuseStartNanos == Long.MIN_VALUE) {
        overuseStartNanos = nowNanos;
      }
      if (nowNanos - overuseStartNanos >= OVERUSE_NANOS && slope >= previousTrend) {
        usage = Usage.OVERUSE;
        lastOveruseNanos = nowNanos;
      }
    } else {
      overuseStartNanos = Long.MIN_VALUE;
      usage = trend < -threshold ? Usage.UNDERUSE : Usage.NORMAL;
    }
    double magnitude = Math.abs(trend);
    if (lastThresholdUpdateNanos == Long.MIN_VALUE) {
      lastThresholdUpdateNanos = nowNanos;
    }
    if (magnitude <= threshold + 15) {
      double k = magnitude < threshold ? K_DOWN : K_UP;
      double dt = Math.min((nowNanos - lastThresholdUpdateNanos) / 1e6, 100);
      threshold = Math.max(6, Math.min(600, threshold + k * (magnitude - threshold) * dt));
    }
    lastThresholdUpdateNanos = nowNanos;
  }

  /** The loss-based controller (§6). */
  private void onLoss(double fraction, long nowNanos) {
    lossFraction = fraction;
    if (fraction > 0.10) {
      if (nowNanos - lastLossDecreaseNanos >= LOSS_DECREASE_INTERVAL_NANOS) {
        long decreased = (long) (Math.min(lossBps, estimate()) * (1 - 0.5 * fraction));
        // Never above what actually got through: a path that suddenly narrowed is followed at once.
        lossBps = clamp(Math.min(decreased, throughput(decreased)));
        lastLossDecreaseNanos = nowNanos;
      }
      lastLossIncreaseNanos = nowNanos;
    } else if (fraction < 0.02) {
      if (lastLossIncreaseNanos != Long.MIN_VALUE && lossBps < MAX_BPS) {
        double seconds = Math.min(1, (nowNanos - lastLossIncreaseNanos) / 1e9);
        lossBps = clamp((long) (lossBps * Math.pow(1.08, seconds)) + 1000);
      }
      lastLossIncreaseNanos = nowNanos;
    } else {
      lastLossIncreaseNanos = nowNanos;
    }
  }

  /** The delay-based rate controller (§5.5). */
  private void rateControl(long nowNanos) {
    switch (usage) {
      case OVERUSE -> {
        // Down at the first overuse, and again while it lasts (every 200 ms, about a round trip).
        if (!holding || nowNanos - lastDelayDecreaseNanos >= DELAY_DECREASE_INTERVAL_NANOS) {
          delayBps = clamp((long) (0.85 * Math.min(delayBps, throughput(delayBps))));
          holding = true;
          lastDelayDecreaseNanos = nowNanos;
        }
        lastIncreaseNanos = Long.MIN_VALUE;
      }
      case UNDERUSE -> {
        holding = true;
        lastIncreaseNanos = Long.MIN_VALUE;
      }
      case NORMAL -> {
        holding = false;
        if (lastIncreaseNanos != Long.MIN_VALUE) {
          double seconds = Math.min(1, (nowNanos - lastIncreaseNanos) / 1e9);
          long grown = (long) (delayBps * Math.pow(1.08, seconds)) + 1000;
          // Until the receiver has acknowledged a rate, the initial guess stands.
          long cap = ackedBps > 0 ? (long) (1.5 * ackedBps) + 10_000 : delayBps;
          if (grown > delayBps) {
            delayBps = clamp(Math.max(delayBps, Math.min(grown, cap)));
          }
        }
        lastIncreaseNanos = nowNanos;
      }
      default -> throw new IllegalStateException();
    }
  }

  /**
   * What got through lately: the lower of the last feedback's arrival rate and the half-second
   * acknowledged rate, where known; else {@code otherwise}.
   */
  private long throughput(long otherwise) {
    long t = otherwise;
    if (ackedBps > 0) {
      t = Math.min(t, ackedBps);
    }
    if (deliveredBps > 0) {
      t = Math.min(t, deliveredBps);
    }
    return t;
  }

  private static long clamp(long bps) {
    return Math.max(MIN_BPS, Math.min(MAX_BPS, bps));
  }

  /** The estimate in bits per second: the lower of the delay- and loss-based ones. */
  public long estimate() {
    return Math.min(delayBps, lossBps);
  }

  /** Whether any feedback came: before it, the estimate is only the initial guess. */
  public boolean hasFeedback() {
    return hasFeedback;
  }

  /** What the delay signal says now. */
  public Usage usage() {
    return usage;
  }

  /** When the delay signal last said overuse, on the caller's clock. */
  public long lastOveruseNanos() {
    return lastOveruseNanos;
  }

  /** The fraction of packets lost in the last feedback. */
  public double lossFraction() {
    return lossFraction;
  }

  /** The rate the receiver acknowledged over the last half second of arrivals, or -1. */
  public long acknowledgedBps() {
    return ackedBps;
  }
}
