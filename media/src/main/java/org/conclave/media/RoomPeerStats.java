package org.conclave.media;

import java.util.Objects;

/**
 * One peer's counters with the room and peer they belong to, as {@link MediaNode#allPeerStats()}
 * lists them.
 *
 * @param roomId the room's id as the control plane opened it
 * @param peerId the peer's id as the control plane added it
 * @param stats its counters
 */
public record RoomPeerStats(String roomId, String peerId, PeerStats stats) {

  public RoomPeerStats {
    Objects.requireNonNull(roomId, "roomId");
    Objects.requireNonNull(peerId, "peerId");
    Objects.requireNonNull(stats, "stats");
  }
}
