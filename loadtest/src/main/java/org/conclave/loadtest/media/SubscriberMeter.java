package org.conclave.loadtest.media;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.HdrHistogram.Recorder;
import org.conclave.media.client.ClientPeer;
import org.conclave.media.client.ReceivedRtp;

/**
 * What one subscriber of a benchmark receives: the first packet and the first keyframe after its
 * subscribe request (join time and time to first frame), and, for packets whose send stamp lies in
 * the current {@link Window}, how many arrived and their one-way latency (generator → SFU →
 * subscriber). Runs on the subscriber peer's thread; the scenario reads it after the window.
 */
final class SubscriberMeter implements Consumer<ReceivedRtp> {

  final String participant;
  private final long requestNanos;
  private final List<OutgoingStream> expected;
  private final Map<Long, Boolean> videoBySsrc;
  private volatile Window window;
  private volatile Recorder latency;
  private volatile long firstPacketNanos;
  private volatile long firstKeyframeNanos;
  private volatile long receivedInWindow; // one writer: the peer's thread
  private volatile long unstamped;
  ClientPeer peer;

  /**
   * @param requestNanos when the subscribe request was made
   * @param expected the streams this subscriber should receive
   * @param videoBySsrc whether each publishing SSRC of the run carries video
   */
  SubscriberMeter(
      String participant,
      long requestNanos,
      List<OutgoingStream> expected,
      Map<Long, Boolean> videoBySsrc) {
    this.participant = participant;
    this.requestNanos = requestNanos;
    this.expected = List.copyOf(expected);
    this.videoBySsrc = videoBySsrc;
  }

  @Override
  public void accept(ReceivedRtp r) {
    byte[] p = r.payload();
    if (!Stamp.fits(p)) {
      unstamped++;
      return;
    }
    long now = r.receivedNanos();
    if (firstPacketNanos == 0) {
      firstPacketNanos = now;
    }
    if (firstKeyframeNanos == 0
        && isKeyframeStart(p)
        && videoBySsrc.getOrDefault(Stamp.ssrc(p), false)) {
      firstKeyframeNanos = now;
    }
    long sent = Stamp.sentNanos(p);
    Window w = window;
    if (w != null && w.contains(sent)) {
      receivedInWindow++;
      latency.recordValue(Math.max(0, now - sent));
    }
  }

  /** RFC 7741 §4.2-4.3: S=1 with our 4-byte descriptor, then P=0 in the VP8 payload header. */
  private static boolean isKeyframeStart(byte[] p) {
    return (p[0] & 0x10) != 0 && (p[4] & 0x01) == 0;
  }

  /** Counts packets stamped in {@code w} from now on, their latency into {@code recorder}. */
  void measure(Window w, Recorder recorder) {
    receivedInWindow = 0;
    latency = recorder;
    window = w;
  }

  long receivedInWindow() {
    return receivedInWindow;
  }

  /** What the publishers sent it in the window. */
  long expectedInWindow() {
    long n = 0;
    for (OutgoingStream s : expected) {
      n += s.sentInWindow;
    }
    return n;
  }

  int expectedStreams() {
    return expected.size();
  }

  boolean expectsVideo() {
    return expected.stream().anyMatch(s -> s.video);
  }

  /** Subscribe request → first forwarded packet, or -1 when none came. */
  long joinNanos() {
    long f = firstPacketNanos;
    return f == 0 ? -1 : f - requestNanos;
  }

  /** Subscribe request → the first keyframe's first packet, or -1. */
  long firstFrameNanos() {
    long f = firstKeyframeNanos;
    return f == 0 ? -1 : f - requestNanos;
  }

  long unstamped() {
    return unstamped;
  }
}
