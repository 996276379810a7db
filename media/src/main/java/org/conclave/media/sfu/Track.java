package org.conclave.media.sfu;

import java.util.ArrayList;
import java.util.List;
import org.conclave.media.TrackSource;
import org.conclave.media.sdp.WebRtcSdp;

/**
 * One published source: a publisher's m-line (mid) carrying one source as one RTP stream or, with
 * simulcast, as several encodings of it ({@link Layer}, lowest quality first), and the
 * subscriptions that forward it. Loop thread only.
 */
final class Track {
  final SfuPeer owner;
  final String mid;
  final TrackSource source;
  final WebRtcSdp.Codec codec;
  final boolean vp8;
  final String trackId;
  final Layer[] layers;
  final List<Subscription> subscriptions = new ArrayList<>();

  long packets;
  long bytes;
  long refused;
  boolean announced;
  boolean blocked; // the last packet was refused for want of permission

  /**
   * @param rids the simulcast encodings' rids, lowest quality first; empty for one stream
   */
  Track(
      SfuPeer owner,
      String mid,
      TrackSource source,
      WebRtcSdp.Codec codec,
      List<String> rids,
      String id) {
    this.owner = owner;
    this.mid = mid;
    this.source = source;
    this.codec = codec;
    this.vp8 = codec.name().equalsIgnoreCase("VP8");
    this.trackId = id;
    int n = Math.max(1, rids.size());
    this.layers = new Layer[n];
    for (int i = 0; i < n; i++) {
      layers[i] = new Layer(this, i, rids.isEmpty() ? null : rids.get(i));
    }
  }

  boolean simulcast() {
    return layers.length > 1;
  }

  Layer layerBySsrc(long ssrc) {
    for (Layer l : layers) {
      if (l.ssrc == ssrc) {
        return l;
      }
    }
    return null;
  }

  Layer layerByRid(String rid) {
    for (Layer l : layers) {
      if (rid.equals(l.rid)) {
        return l;
      }
    }
    return null;
  }

  /** Packets lost on the publisher's uplink, over all layers. */
  long cumulativeLost() {
    long lost = 0;
    for (Layer l : layers) {
      lost += l.stats.cumulativeLost();
    }
    return lost;
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
    return "Track[" + owner.id + "/" + source + " mid=" + mid + "]";
  }
}
