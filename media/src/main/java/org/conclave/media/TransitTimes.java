package org.conclave.media;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * How long forwarded packets spend inside a media node: from the moment their datagram was read to
 * the moment their copy for one subscriber was handed to the socket (SRTP unprotect, routing,
 * rewrite, protect, any wait in the pacer). One value per forwarded copy; retransmissions and
 * probes are not forwarding and are not counted.
 *
 * <p>The forwarding thread records into an HdrHistogram recorder (no allocation, no lock); any
 * thread reads a {@link Snapshot} of everything recorded so far, and the difference of two
 * snapshots gives the percentiles of a window ({@link Snapshot#since}). {@link
 * MediaNode#transitTimes} gives the snapshots; the server's metrics and the media benchmark read
 * them.
 */
public final class TransitTimes {

  /** Values above a second are counted as a second (a stalled node, not a forwarding time). */
  private static final long HIGHEST_NANOS = 1_000_000_000L;

  private final SingleWriterRecorder recorder = new SingleWriterRecorder(HIGHEST_NANOS, 3);
  private final Histogram total = new Histogram(HIGHEST_NANOS, 3);
  private Histogram interval;

  /** Records one transit time. The node's forwarding thread only (one writer). */
  public void record(long nanos) {
    recorder.recordValue(Math.max(0, Math.min(nanos, HIGHEST_NANOS)));
  }

  /** Everything recorded so far. Any thread. */
  public synchronized Snapshot snapshot() {
    interval = recorder.getIntervalHistogram(interval);
    total.add(interval);
    return new Snapshot(total.copy());
  }

  /** Transit times recorded up to one moment. */
  public static final class Snapshot {
    private static final Snapshot EMPTY = new Snapshot(new Histogram(HIGHEST_NANOS, 3));

    private final Histogram histogram;

    private Snapshot(Histogram histogram) {
      this.histogram = histogram;
    }

    /** Nothing recorded (a node that forwards nothing). */
    public static Snapshot empty() {
      return EMPTY;
    }

    /** The times recorded after {@code earlier} (null: since the node started), summarised. */
    public Summary since(Snapshot earlier) {
      Histogram window = histogram.copy();
      if (earlier != null) {
        window.subtract(earlier.histogram);
      }
      return new Summary(
          window.getTotalCount(),
          micros(window, 50),
          micros(window, 99),
          micros(window, 99.9),
          window.getTotalCount() == 0 ? Double.NaN : window.getMaxValue() / 1000.0);
    }

    private static double micros(Histogram h, double percentile) {
      return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
    }
  }

  /**
   * Transit times of a window in microseconds (NaN when nothing was forwarded).
   *
   * @param count forwarded copies
   * @param p50Micros median
   * @param p99Micros 99th percentile
   * @param p999Micros 99.9th percentile
   * @param maxMicros the longest
   */
  public record Summary(
      long count, double p50Micros, double p99Micros, double p999Micros, double maxMicros) {}
}
