package org.conclave.media.sfu;

import java.util.ArrayList;
import java.util.List;
import org.conclave.media.TrackSource;
import org.conclave.media.cc.PacketCache;
import org.conclave.media.sdp.WebRtcSdp;

/**
 * One published stream: a publisher's m-line (mid) carrying one source, its SSRC once known, the
 * subscriptions that forward it, the cache that answers their NACKs, and what we know of its
 * reception. Loop thread only.
 */
final class Track {
  final SfuPeer owner;
  final String mid;
  final TrackSource source;
  final WebRtcSdp.Codec codec;
  final boolean vp8;
  final String trackId;
  long ssrc;
  final List<Subscription> subscriptions = new ArrayList<>();
  ReceiveStatistics stats;
  PacketCache cache;
  UpstreamLoss loss; // video: what the publisher's uplink lost, to ask for again
  long upstreamNacks;

  long packets;
  long bytes;
  long refused;
  boolean announced;
  boolean blocked; // the last packet was refused for want of permission

  long lastKeyframeRequestNanos = Long.MIN_VALUE / 2;
  boolean keyframeRequestHeld; // an urgent request waits for the rate limit's interval to end
  int firSequence;
  long keyframeRequests;

  Track(
      SfuPeer owner, String mid, TrackSource source, WebRtcSdp.Codec codec, long ssrc, String id) {
    this.owner = owner;
    this.mid = mid;
    this.source = source;
    this.codec = codec;
    this.vp8 = codec.name().equalsIgnoreCase("VP8");
    this.ssrc = ssrc;
    this.trackId = id;
    this.stats = new ReceiveStatistics(codec.clockRate());
  }

  boolean isVideo() {
    return source.kind().equals("video");
  }

  /** Every subscription starts again from the next forwarded packet, video from a keyframe. */
  void pauseAll() {
    for (Subscription s : subscriptions) {
      s.pause();
    }
  }

  @Override
  public String toString() {
    return "Track[" + owner.id + "/" + source + " mid=" + mid + " ssrc=" + ssrc + "]";
  }
}
