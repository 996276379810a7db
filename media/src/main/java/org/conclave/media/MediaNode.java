package org.conclave.media;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one interface through which the control plane drives the media plane (the SFU). In-process
 * today ({@code org.conclave.media.sfu.SfuNode}); the same calls could go over a wire later.
 *
 * <p>Each participant has two peer connections to the node: a <em>publish</em> connection (the
 * browser offers its tracks, the node answers) and a <em>subscribe</em> connection (the node offers
 * everyone else's tracks, the browser answers). {@code docs/media-forwarding.md} says why.
 *
 * <p>Every method is thread-safe and returns once the node has applied it; events come through the
 * {@link MediaListener}.
 */
public interface MediaNode extends AutoCloseable {

  /** Where events go; set once before rooms open. */
  void setListener(MediaListener listener);

  /** Makes a room (idempotent). */
  void openRoom(String roomId);

  /** Closes a room: every peer's transports are torn down. */
  void closeRoom(String roomId);

  /**
   * Adds a peer with what it may publish. Nothing flows until it publishes or is offered tracks; a
   * peer that was never added (someone waiting) has no transport at all.
   */
  void addPeer(String roomId, String peerId, MediaPermissions permissions) throws MediaException;

  /** Changes what the peer may publish; a revoked source stops being forwarded at once. */
  void setPermissions(String roomId, String peerId, MediaPermissions permissions);

  /** Removes the peer: its transports are torn down and its tracks leave everyone's offers. */
  void removePeer(String roomId, String peerId);

  /**
   * Takes the peer's publish offer and answers it.
   *
   * @param sources each offered mid's source; m-lines not listed are rejected
   * @return the SDP answer
   * @throws MediaException when the offer is unusable (the message says why)
   */
  String publish(String roomId, String peerId, String offerSdp, Map<String, TrackSource> sources)
      throws MediaException;

  /** Takes the peer's answer to the latest subscribe offer. */
  void subscribeAnswer(String roomId, String peerId, String answerSdp) throws MediaException;

  /**
   * Makes a new subscribe offer with new ICE credentials (after a network change); with {@code
   * fresh}, a new transport too (the browser made a new peer connection).
   */
  void restartSubscription(String roomId, String peerId, boolean fresh) throws MediaException;

  /**
   * Tells the node how high (in device pixels) the peer shows the video of each of its subscribe
   * m-lines, by mid; 0 for a video it does not show now (off the page, minimised), which is then
   * not sent. The node picks simulcast layers no higher than needed. Unknown mids are ignored;
   * m-lines never reported are sent at the highest layer the bandwidth allows.
   */
  void setVideoHeights(String roomId, String peerId, Map<String, Integer> heightsByMid);

  /** Counters for the whole node. */
  NodeStats stats();

  /**
   * Forwarded packets' time inside the node (datagram read to copy sent), everything recorded so
   * far; the difference of two snapshots is a window's. Any thread; cheap, and it does not wait for
   * the forwarding thread.
   */
  TransitTimes.Snapshot transitTimes();

  /** Counters for one peer, or empty when the node does not know it. */
  Optional<PeerStats> peerStats(String roomId, String peerId);

  /**
   * Counters for every peer of every open room, taken at one moment; empty when there are none. One
   * call costs one pass over the node's peers, so callers that poll (metrics) should cache it.
   */
  List<RoomPeerStats> allPeerStats();

  /** Stops every room and releases the node's sockets and threads. */
  @Override
  void close();
}
