package org.conclave.media.sfu;

import org.conclave.media.cc.PacketCache;
import org.conclave.media.rtp.Vp8PayloadDescriptor;

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

  /**
   * Takes this layer's width and height from a VP8 keyframe's payload (RFC 6386 §9.1: after the
   * 3-byte frame tag, the start code 9d 01 2a, then 14-bit width and height, little-endian, each
   * with a 2-bit scale). Both are in the part of the frame that end-to-end encryption leaves in
   * clear (the first 10 bytes).
   */
  void readResolution(byte[] buf, int payloadOffset, int length) {
    int d = Vp8PayloadDescriptor.descriptorLength(buf, payloadOffset, length);
    if (d < 0 || length - d < 10) {
      return;
    }
    int at = payloadOffset + d;
    if ((buf[at + 3] & 0xFF) != 0x9D
        || (buf[at + 4] & 0xFF) != 0x01
        || (buf[at + 5] & 0xFF) != 0x2A) {
      return;
    }
    width = ((buf[at + 6] & 0xFF) | (buf[at + 7] & 0xFF) << 8) & 0x3FFF;
    height = ((buf[at + 8] & 0xFF) | (buf[at + 9] & 0xFF) << 8) & 0x3FFF;
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
