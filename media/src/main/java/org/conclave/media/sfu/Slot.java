package org.conclave.media.sfu;

import org.conclave.media.sdp.WebRtcSdp;

/**
 * One m-line of a subscriber's subscribe connection. In unified plan an m-line is never removed:
 * when its track goes the slot turns inactive, and a later track of the same kind and codec may
 * take it over. Loop thread only.
 */
final class Slot {
  final String mid;
  final String kind;
  final WebRtcSdp.Codec codec;
  final String codecKey;
  final int payloadType;
  final int rtxPayloadType;
  Subscription subscription; // null while inactive
  boolean shared; // an audio line carrying whichever speaker LoudestAudio puts on it
  int maxHeight =
      -1; // video: the subscriber shows this m-line at most this high; 0 hidden, -1 unknown

  Slot(String mid, String kind, WebRtcSdp.Codec codec, int payloadType, int rtxPayloadType) {
    this.mid = mid;
    this.kind = kind;
    this.codec = codec;
    this.codecKey = Negotiation.codecKey(codec);
    this.payloadType = payloadType;
    this.rtxPayloadType = rtxPayloadType;
  }
}
