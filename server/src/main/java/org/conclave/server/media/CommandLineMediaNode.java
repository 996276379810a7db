package org.conclave.server.media;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.conclave.media.MediaException;
import org.conclave.media.MediaListener;
import org.conclave.media.MediaNode;
import org.conclave.media.MediaPermissions;
import org.conclave.media.NodeStats;
import org.conclave.media.PeerStats;
import org.conclave.media.RoomPeerStats;
import org.conclave.media.TrackSource;
import org.conclave.media.TransitTimes;

/**
 * The media node of the command-line process, which serves no meetings: it opens no socket and
 * refuses every negotiation with a sentence saying so. Tests extend it for a node with set
 * counters.
 */
class CommandLineMediaNode implements MediaNode {

  private static final String NO_MEDIA = "the command line serves no meetings";

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
  public void setVideoHeights(String roomId, String peerId, Map<String, Integer> heightsByMid) {}

  @Override
  public String publish(
      String roomId, String peerId, String offerSdp, Map<String, TrackSource> sources)
      throws MediaException {
    throw new MediaException(NO_MEDIA);
  }

  @Override
  public void subscribeAnswer(String roomId, String peerId, String answerSdp)
      throws MediaException {
    throw new MediaException(NO_MEDIA);
  }

  @Override
  public void restartSubscription(String roomId, String peerId, boolean fresh)
      throws MediaException {
    throw new MediaException(NO_MEDIA);
  }

  @Override
  public NodeStats stats() {
    return new NodeStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, Map.of());
  }

  @Override
  public TransitTimes.Snapshot transitTimes() {
    return TransitTimes.Snapshot.empty();
  }

  @Override
  public Optional<PeerStats> peerStats(String roomId, String peerId) {
    return Optional.empty();
  }

  @Override
  public List<RoomPeerStats> allPeerStats() {
    return List.of();
  }

  @Override
  public void close() {}
}
