package org.conclave.media;

import java.util.List;

/**
 * What the media node tells the control plane. Called on the node's transport thread: return
 * quickly and never block (hand the work to your own executor).
 */
public interface MediaListener {

  /** One m-line of a subscribe offer: which publisher's which source it carries. */
  record OfferedTrack(String mid, String publisherId, TrackSource source) {}

  /**
   * A new offer for the peer's subscribe connection (tracks came or went, or an ICE restart);
   * deliver it to the peer, whose answer comes back through {@link MediaNode#subscribeAnswer}.
   */
  void subscribeOffer(String roomId, String peerId, String sdp, List<OfferedTrack> tracks);

  /** A peer's track started arriving at the node (first packet). */
  default void trackPublished(String roomId, String peerId, TrackSource source) {}

  /** The dominant speaker changed; {@code peerId} null when nobody is speaking. */
  default void speakerChanged(String roomId, String peerId) {}

  /**
   * A peer's transport went away (consent expired, DTLS failed or closed by the browser). The peer
   * stays in the room's media until {@link MediaNode#removePeer}; it may publish again.
   *
   * @param connection "publish" or "subscribe"
   */
  default void transportClosed(String roomId, String peerId, String connection, String reason) {}
}
