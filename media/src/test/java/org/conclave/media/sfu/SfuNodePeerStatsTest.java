package org.conclave.media.sfu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.conclave.media.MediaListener;
import org.conclave.media.MediaPermissions;
import org.conclave.media.RoomPeerStats;
import org.conclave.media.transport.TransportSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link SfuNode#allPeerStats()}: every peer of every room, with the ids it was added under. */
class SfuNodePeerStatsTest {

  private SfuNode node;

  @BeforeEach
  void startNode() {
    node = new SfuNode(TransportSettings.loopback(0));
    node.setListener(
        new MediaListener() {
          @Override
          public void subscribeOffer(
              String roomId, String peerId, String sdp, List<OfferedTrack> tracks) {}
        });
  }

  @AfterEach
  void stopNode() {
    node.close();
  }

  @Test
  void anEmptyNodeListsNoPeers() {
    assertThat(node.allPeerStats()).isEmpty();
  }

  @Test
  void listsEveryPeerOfEveryRoomWithItsIds() throws Exception {
    node.addPeer("room-a", "p1", MediaPermissions.NONE);
    node.addPeer("room-a", "p2", MediaPermissions.NONE);
    node.addPeer("room-b", "p3", MediaPermissions.NONE);

    assertThat(node.allPeerStats())
        .extracting(s -> s.roomId() + "/" + s.peerId())
        .containsExactlyInAnyOrder("room-a/p1", "room-a/p2", "room-b/p3");
  }

  @Test
  void aPeerWithoutTransportsHasZeroCountersAndUnknownRtt() throws Exception {
    node.addPeer("room-a", "p1", MediaPermissions.NONE);

    RoomPeerStats only = node.allPeerStats().get(0);

    assertThat(only.stats()).isEqualTo(node.peerStats("room-a", "p1").orElseThrow());
    assertThat(only.stats().packetsIn()).isZero();
    assertThat(only.stats().rttMillis()).isEqualTo(-1);
  }

  @Test
  void removedPeersAndClosedRoomsLeaveTheList() throws Exception {
    node.addPeer("room-a", "p1", MediaPermissions.NONE);
    node.addPeer("room-a", "p2", MediaPermissions.NONE);
    node.addPeer("room-b", "p3", MediaPermissions.NONE);

    node.removePeer("room-a", "p1");
    node.closeRoom("room-b");

    assertThat(node.allPeerStats()).extracting(RoomPeerStats::peerId).containsExactly("p2");
  }
}
