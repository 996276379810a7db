package org.conclave.media.sfu;

import org.conclave.media.cc.PacketCache;

/**
 * One RTP stream of a track: the whole track, or one simulcast encoding (RFC 8853) named by its
 * rid. It has its own SSRC, sequence numbers, timestamps, receive statistics, retransmission cache,
 * uplink-loss record and keyframe requests. The node measures its bitrate and reads its resolution
 * from its keyframes, which is what layer selection goes by. Loop thread only.
 */
final class Layer {

  /** A layer with no packet for this long is taken as stopped by its publisher. */
  static final long ACTIVE_NANOS = 1_000_000_000L;

  private static final long RATE_WINDOW_NANOS = 500_000_000L;

  final Track track;
  final int index; // 0 is the lowest quality
  final String rid; // null without simulcast

  long ssrc = -1;
  ReceiveStatistics stats;
  PacketCache cache;
  UpstreamLoss loss; // video: what the publisher's uplink lost, to ask for again

  long lastPacketNanos = Long.MIN_VALUE / 2;
  long lastKeyframeNanos = Long.MIN_VALUE / 2;
  int width; // from the last keyframe, 0 until one came
  int height;

  private long windowStartNanos = Long.MIN_VALUE / 2;
  private long windowBytes;
  private long bitsPerSecond;

  long lastKeyframeRequestNanos = Long.MIN_VALUE / 2;
  boolean keyframeRequestHeld; // an urgent request waits for the rate limit's interval to end
  long keyframeRequests;
  long upstreamNacks;

  Layer(Track track, int index, String rid) {
    this.track = track;
    this.index = index;
    this.rid = rid;
    this.stats = new ReceiveStatistics(track.codec.clockRate());
  }

  /** Accounts a packet of {@code bytes} for the bitrate. */
  void onPacket(int bytes, long now) {
    lastPacketNanos = now;
    long elapsed = now - windowStartNanos;
    if (elapsed >= RATE_WINDOW_NANOS) {
      bitsPerSecond =
          elapsed < 2 * RATE_WINDOW_NANOS ? windowBytes * 8 * 1_000_000_000L / elapsed : 0;
      windowStartNanos = now;
      windowBytes = 0;
    }
    windowBytes += bytes;
  }

  /** Whether the publisher is sending this layer now. */
  boolean active(long now) {
    return ssrc >= 0 && now - lastPacketNanos < ACTIVE_NANOS;
  }

  /** The layer's bitrate over the last half second, in bits per second (0 when stopped). */
  long bitrate(long now) {
    return active(now) ? bitsPerSecond : 0;
  }

  @Override
  public String toString() {
    return "Layer[" + track + " " + (rid == null ? "" : "rid=" + rid + " ") + "ssrc=" + ssrc + "]";
  }
}
