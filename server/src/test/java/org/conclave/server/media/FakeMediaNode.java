package org.conclave.server.media;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.conclave.media.MediaListener;
import org.conclave.media.MediaNode;
import org.conclave.media.MediaPermissions;
import org.conclave.media.NodeStats;
import org.conclave.media.PeerStats;
import org.conclave.media.RoomPeerStats;
import org.conclave.media.TrackSource;

/** A media node whose counters a test sets, and which counts how often they are read. */
final class FakeMediaNode implements MediaNode {

  volatile NodeStats stats = new NodeStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, Map.of());
  volatile List<RoomPeerStats> peers = List.of();
  volatile boolean failing;
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

  @Override
  public void setListener(MediaListener listener) {}

  @Override
  public void openRoom(String roomId) {}

  @Override
  public void closeRoom(String roomId) {}

  @Override
  public void addPeer(String roomId, String peerId, MediaPermissions permissions) {}

  @Override
  public void setPermissions(String roomId, String peerId, MediaPermissions permissions) {}

  @Override
  public void removePeer(String roomId, String peerId) {}

  @Override
  public String publish(
      String roomId, String peerId, String offerSdp, Map<String, TrackSource> sources) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void subscribeAnswer(String roomId, String peerId, String answerSdp) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void restartSubscription(String roomId, String peerId, boolean fresh) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void close() {}
}
