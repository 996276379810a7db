package org.conclave.loadtest.media;

import java.util.List;
import java.util.Map;
import org.conclave.media.TrackSource;

/**
 * The JSON messages of {@link SfuProcess}'s control API, (de)serialised by Jackson on both sides.
 * Every call is a POST of one of the requests to a path named after it; {@code docs/benchmarks.md}
 * lists them.
 */
final class SfuControl {

  private SfuControl() {}

  /** {@code /room}: make a room. */
  record OpenRoom(String room) {}

  /** {@code /peer}: add a participant with what it may publish (idempotent). */
  record AddPeer(String room, String peer, boolean microphone, boolean camera, boolean screen) {}

  /** {@code /publish}: a publish offer and each mid's source; answered with {@link Sdp}. */
  record Publish(String room, String peer, String sdp, Map<String, TrackSource> sources) {}

  /** An SDP answer. */
  record Sdp(String sdp) {}

  /** {@code /offers}: the subscribe offers made since the last call, waiting up to this long. */
  record TakeOffers(long waitMillis) {}

  /** One subscribe offer from the node, with how many tracks it carries. */
  record Offer(String room, String peer, String sdp, int tracks) {}

  /** The answer to {@link TakeOffers}. */
  record Offers(List<Offer> offers) {
    Offers {
      offers = List.copyOf(offers);
    }
  }

  /** {@code /answer}: a subscriber's answer to its latest offer. */
  record Answer(String room, String peer, String sdp) {}

  /** An empty request or reply ({@code /stats}, {@code /allocated}, {@code /quit}). */
  record Empty() {}

  /**
   * {@code /stats}: the node's counters ({@link org.conclave.media.NodeStats}) that the benchmark
   * reads. Reading them posts a task to the forwarding thread, so {@code /allocated} exists apart.
   */
  record Stats(
      long packetsIn,
      long packetsOut,
      long bytesOut,
      long rtpForwarded,
      Map<String, Long> drops,
      int peers) {}

  /**
   * {@code /allocated}: bytes allocated on the heap by the node's forwarding thread since it
   * started (com.sun.management.ThreadMXBean), read without disturbing that thread.
   */
  record Allocated(long bytes) {}

  /**
   * {@code /transit}: forwarded packets' time inside the node (datagram read to copy sent) since
   * the previous call, in microseconds (NaN when nothing was forwarded). Read without posting to
   * the forwarding thread.
   */
  record Transit(
      long count, double p50Micros, double p99Micros, double p999Micros, double maxMicros) {
    static final Transit UNKNOWN = new Transit(-1, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
  }

  /** A failed call: what went wrong, as the node said it. */
  record Failure(String error) {}
}
