package org.conclave.media.cc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.conclave.media.rtcp.TransportCcFeedback;
import org.junit.jupiter.api.Test;

/**
 * The estimator against simulated paths: packets "sent" on a clock of our own, their arrivals
 * computed from a bottleneck of a given rate, reported in transport-cc feedback every 50 ms as a
 * browser does.
 */
class SendSideEstimatorTest {

  private static final long MS = 1_000_000L;

  /** A simulated path: a queue drained at {@code bps}, plus 10 ms of propagation. */
  private static final class Path {
    final SendSideEstimator estimator = new SendSideEstimator();
    long bps;
    double lossShare;
    long now; // ns, the sender's clock
    int seq;
    long queueFreeNanos;
    int feedbackCount;
    int lossCounter;
    final List<TransportCcFeedback.Arrival> pending = new ArrayList<>();
    long lastFeedbackNanos;

    Path(long bps) {
      this.bps = bps;
    }

    /** Sends {@code size} bytes now; the path delivers or loses it. */
    void send(int size, boolean probe) {
      int s = seq++ & 0xFFFF;
      estimator.onPacketSent(s, size, now, probe);
      lossCounter++;
      boolean lost = lossShare > 0 && (lossCounter % Math.round(1 / lossShare)) == 0;
      long start = Math.max(now, queueFreeNanos);
      queueFreeNanos = start + size * 8L * 1_000_000_000L / bps;
      if (!lost) {
        pending.add(new TransportCcFeedback.Arrival(s, (queueFreeNanos + 10 * MS) / 1000));
      }
    }

    /** Advances the clock, sending feedback for what arrived every 50 ms. */
    void advance(long nanos) {
      now += nanos;
      if (now - lastFeedbackNanos >= 50 * MS) {
        lastFeedbackNanos = now;
        List<TransportCcFeedback.Arrival> arrived = new ArrayList<>();
        for (TransportCcFeedback.Arrival a : pending) {
          if (a.arrivalMicros() * 1000 <= now) {
            arrived.add(a);
          }
        }
        if (!arrived.isEmpty()) {
          pending.removeAll(arrived);
          estimator.onFeedback(
              TransportCcFeedback.fromArrivals(1, 2, feedbackCount++ & 0xFF, arrived), now);
        }
      }
    }

    /** Sends at {@code sendBps} in 1,200-byte packets for {@code millis}. */
    void stream(long sendBps, long millis) {
      long interval = 1200 * 8L * 1_000_000_000L / sendBps;
      for (long t = 0; t < millis * MS; t += interval) {
        send(1200, false);
        advance(interval);
      }
    }
  }

  @Test
  void sendingFasterThanTheBottleneckIsOveruseAndTheEstimateFallsToItsRate() {
    Path path = new Path(500_000);
    long lowest = Long.MAX_VALUE;
    for (int i = 0; i < 30; i++) {
      path.stream(1_000_000, 100);
      lowest = Math.min(lowest, path.estimator.estimate());
    }

    assertThat(path.estimator.lastOveruseNanos()).as("overuse detected").isPositive();
    assertThat(lowest).as("lowest estimate").isLessThanOrEqualTo(500_000);
    assertThat(path.estimator.estimate()).as("final estimate").isLessThan(1_000_000);
  }

  @Test
  void heavyLossBringsTheEstimateToNoMoreThanWhatArrived() {
    Path path = new Path(10_000_000);
    path.lossShare = 0.5;
    path.stream(800_000, 3000);

    assertThat(path.estimator.lossFraction()).isGreaterThan(0.3);
    assertThat(path.estimator.estimate()).isLessThan(450_000);
  }

  @Test
  void afterCongestionTheEstimateGrowsAgainButNoFurtherThanOneAndAHalfTimesWhatIsSent() {
    Path path = new Path(300_000);
    path.stream(600_000, 2000);
    long low = path.estimator.estimate();
    path.bps = 10_000_000;
    path.stream(200_000, 3000); // the queue drains
    path.stream(800_000, 8000);

    assertThat(path.estimator.usage()).isEqualTo(SendSideEstimator.Usage.NORMAL);
    assertThat(path.estimator.estimate()).isGreaterThan(low).isLessThanOrEqualTo(1_210_000);
  }

  @Test
  void aProbeThatArrivesAtItsRateRaisesTheEstimateToThatRate() {
    Path path = new Path(10_000_000);
    path.stream(300_000, 3000);
    long before = path.estimator.estimate();

    path.estimator.startProbe();
    long interval = 1200 * 8L * 1_000_000_000L / 4_000_000; // 4 Mbit/s
    for (int i = 0; i < 60; i++) {
      path.send(1200, true);
      path.advance(interval);
    }
    path.estimator.endProbe();
    path.stream(300_000, 200);

    assertThat(path.estimator.lastProbeBps()).isBetween(3_000_000L, 4_400_000L);
    assertThat(path.estimator.estimate()).isGreaterThan(before).isGreaterThan(3_000_000);
  }

  @Test
  void aProbeTheBottleneckSlowsDownShowsOnlyTheBottlenecksRate() {
    Path path = new Path(1_000_000);
    path.stream(300_000, 3000);

    path.estimator.startProbe();
    long interval = 1200 * 8L * 1_000_000_000L / 4_000_000;
    for (int i = 0; i < 60; i++) {
      path.send(1200, true);
      path.advance(interval);
    }
    path.estimator.endProbe();
    path.stream(300_000, 500);

    assertThat(path.estimator.lastProbeBps()).isBetween(800_000L, 1_200_000L);
    assertThat(path.estimator.estimate()).isLessThan(1_300_000);
  }
}
