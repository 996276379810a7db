package org.conclave.server.media;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.conclave.media.NodeStats;
import org.conclave.media.PeerStats;
import org.conclave.media.RoomPeerStats;
import org.conclave.media.TransitTimes;

/**
 * A media node whose counters a test sets, and which counts how often they are read; otherwise the
 * command line's node (no sockets, negotiation refused).
 */
final class FakeMediaNode extends CommandLineMediaNode {

  volatile NodeStats stats = new NodeStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, Map.of());
  volatile List<RoomPeerStats> peers = List.of();
  volatile boolean failing;
  final TransitTimes transit = new TransitTimes();
  volatile int statsCalls;
  volatile int peerCalls;

  static PeerStats peer(long packetsIn, long lost, double rttMillis) {
    return new PeerStats(
        true,
        true,
        2,
        "udp",
        packetsIn,
        packetsIn * 1000,
        packetsIn * 2,
        packetsIn * 2000,
        Map.of(),
        Map.of(),
        lost,
        7,
        3,
        rttMillis);
  }

  @Override
  public NodeStats stats() {
    statsCalls++;
    if (failing) {
      throw new IllegalStateException("the media loop did not answer");
    }
    return stats;
  }

  @Override
  public TransitTimes.Snapshot transitTimes() {
    return transit.snapshot();
  }

  @Override
  public List<RoomPeerStats> allPeerStats() {
    peerCalls++;
    if (failing) {
      throw new IllegalStateException("the media loop did not answer");
    }
    return peers;
  }

  @Override
  public Optional<PeerStats> peerStats(String roomId, String peerId) {
    return peers.stream()
        .filter(p -> p.roomId().equals(roomId) && p.peerId().equals(peerId))
        .map(RoomPeerStats::stats)
        .findFirst();
  }
}
