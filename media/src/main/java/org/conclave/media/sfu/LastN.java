package org.conclave.media.sfu;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.conclave.media.TrackSource;

/**
 * Which tracks a subscriber is offered under last-N ({@link SfuNode#setLastN}): every other peer's
 * microphone and screen, and the cameras of at most N of them, chosen in this order: cameras that
 * are on before cameras that are off, then the people who spoke most recently ({@link
 * SfuRoom#spoke}), then those who came first. Pure functions of the room's state; loop thread only.
 */
final class LastN {

  private LastN() {}

  /** The tracks {@code peer} should be subscribed to, in the order their m-lines are filled. */
  static List<Track> tracksFor(SfuPeer peer, int lastN) {
    List<SfuPeer> ranked = new ArrayList<>(peer.room.spoke);
    for (SfuPeer p : peer.room.peers.values()) {
      if (!ranked.contains(p)) {
        ranked.add(p);
      }
    }
    ranked.sort(Comparator.comparing((SfuPeer p) -> !p.permissions.camera())); // stable
    List<Track> order = new ArrayList<>();
    int cameras = 0;
    for (SfuPeer other : ranked) {
      if (other == peer || peer.room.peers.get(other.id) != other) {
        continue;
      }
      for (Track t : other.trackArray) {
        if (t.source != TrackSource.CAMERA) {
          order.add(t);
        } else if (cameras < lastN) {
          order.add(t);
          cameras++;
        }
      }
    }
    return order;
  }

  /** The cameras among {@code tracks}. */
  static Set<Track> cameras(List<Track> tracks) {
    Set<Track> out = new HashSet<>();
    for (Track t : tracks) {
      if (t.source == TrackSource.CAMERA) {
        out.add(t);
      }
    }
    return out;
  }

  /** The cameras {@code peer}'s m-lines carry now. */
  static Set<Track> subscribedCameras(SfuPeer peer) {
    Set<Track> out = new HashSet<>();
    for (Slot s : peer.slots) {
      if (s.subscription != null && s.subscription.track.source == TrackSource.CAMERA) {
        out.add(s.subscription.track);
      }
    }
    return out;
  }
}
