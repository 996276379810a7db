package org.conclave.media.sfu;

import java.util.ArrayList;
import java.util.List;
import org.conclave.media.TrackSource;

/**
 * Audio in big rooms: a subscriber who would receive more than {@code threshold} microphones
 * receives instead a few shared audio lines ({@code lines} m-lines, four by default) that carry the
 * people speaking now. Every 100 ms the room's speakers are ranked (the dominant speaker first,
 * then by how recently each spoke: {@code DominantSpeaker.recentSpeakers}); each subscriber's lines
 * carry the first {@code lines} of them other than itself, whose microphone is allowed. A speaker
 * who stays in the ranking keeps its line; one who enters takes the line of one who left. A line
 * that changes speaker goes on under its own SSRC with its sequence numbers continuing and its
 * timestamp advanced by the wall-clock time (a new run, as after a pause), so the browser's jitter
 * buffer sees one stream; the subscribe connection is not renegotiated. So a class of 100 needs
 * four audio m-lines, not 99 (an offer of 99 would also pass the signaling frame limit), and each
 * browser decodes four Opus streams. Loop thread only; ranking allocates a little, every 100 ms per
 * big room.
 */
final class LoudestAudio {

  /** Rooms where a subscriber would get more microphones than this use shared lines. */
  static final int DEFAULT_THRESHOLD = 16;

  /** How many speakers a subscriber hears at once in such rooms. */
  static final int DEFAULT_LINES = 4;

  private LoudestAudio() {}

  /** Whether {@code peer} should receive audio on shared lines (others' microphones exceed). */
  static boolean shared(SfuPeer peer, int threshold) {
    int microphones = 0;
    for (SfuPeer other : peer.room.peers.values()) {
      if (other != peer) {
        for (Track t : other.trackArray) {
          if (t.source == TrackSource.MICROPHONE) {
            microphones++;
          }
        }
      }
    }
    return microphones > threshold;
  }

  /** A microphone of the room other than {@code peer}'s, to stand on an idle line; or null. */
  static Track anyMicrophone(SfuPeer peer) {
    for (SfuPeer other : peer.room.peers.values()) {
      if (other != peer) {
        for (Track t : other.trackArray) {
          if (t.source == TrackSource.MICROPHONE) {
            return t;
          }
        }
      }
    }
    return null;
  }

  /** Puts the room's current speakers on its subscribers' shared lines. */
  static void assign(SfuRoom room, long[] ranked) {
    int n = room.speaker.recentSpeakers(ranked);
    for (SfuPeer peer : room.peers.values()) {
      if (peer.sharedAudio.isEmpty()) {
        continue;
      }
      List<Track> wanted = new ArrayList<>(peer.sharedAudio.size());
      for (int i = 0; i < n && wanted.size() < peer.sharedAudio.size(); i++) {
        SfuPeer speaker = room.byNumber.get(ranked[i]);
        if (speaker == null || speaker == peer || !speaker.permissions.microphone()) {
          continue;
        }
        for (Track t : speaker.trackArray) {
          if (t.source == TrackSource.MICROPHONE) {
            wanted.add(t);
            break;
          }
        }
      }
      List<Subscription> free = new ArrayList<>();
      for (Slot s : peer.sharedAudio) {
        Subscription sub = s.subscription;
        if (sub.attached && wanted.remove(sub.track)) {
          continue; // still speaking: keeps its line
        }
        free.add(sub);
      }
      for (Subscription sub : free) {
        if (wanted.isEmpty()) {
          detach(sub);
        } else {
          retarget(sub, wanted.remove(0));
        }
      }
    }
  }

  /** The line now carries {@code t}, from its next packet, as a new run. */
  static void retarget(Subscription sub, Track t) {
    detach(sub);
    sub.track = t;
    t.subscriptions.add(sub);
    sub.attached = true;
    sub.pause();
  }

  /** The line carries nobody for now. */
  static void detach(Subscription sub) {
    if (sub.attached) {
      sub.track.subscriptions.remove(sub);
      sub.attached = false;
    }
  }
}
