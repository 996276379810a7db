package org.conclave.media.sfu;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.conclave.media.MediaListener;
import org.conclave.media.TrackSource;

/**
 * A subscriber's m-lines ({@link Slot}s): which track each carries, kept across offers so that
 * m-lines are reused rather than added (an m-line whose track left turns inactive and is the first
 * taken by the next track of its kind and codec), the shared audio lines of a big room ({@link
 * LoudestAudio}), and the m-lines of the subscribe offer made from them. Loop thread only; static
 * functions of the peer's state, called by {@link SfuNode} when it offers.
 */
final class Slots {

  private Slots() {}

  /**
   * Makes {@code peer}'s slots carry {@code order} (each track once, new ones on free or new
   * m-lines), and {@code sharedLines} shared audio lines when {@code standIn} (a microphone to take
   * the codec from) is given, none otherwise. Subscriptions to tracks no longer wanted end and
   * leave their m-line inactive.
   */
  static void carry(
      SfuPeer peer, List<Track> order, Track standIn, int sharedLines, Random random) {
    if (standIn == null) {
      releaseSharedAudio(peer);
    }
    Set<Track> wanted = new HashSet<>(order);
    for (Slot s : peer.slots) {
      if (!s.shared && s.subscription != null && !wanted.contains(s.subscription.track)) {
        s.subscription.track.subscriptions.remove(s.subscription);
        s.subscription = null;
      }
    }
    for (Track t : order) {
      if (!subscribed(peer, t)) {
        subscribe(peer, t, random);
      }
    }
    while (standIn != null && peer.sharedAudio.size() < sharedLines) {
      addSharedAudioLine(peer, standIn, random);
    }
  }

  private static boolean subscribed(SfuPeer peer, Track t) {
    for (Subscription s : t.subscriptions) {
      if (s.subscriber == peer) {
        return true;
      }
    }
    return false;
  }

  /** A free m-line of {@code kind} and {@code codecKey}, or null. */
  private static Slot free(SfuPeer peer, String kind, String codecKey) {
    for (Slot s : peer.slots) {
      if (s.subscription == null && s.kind.equals(kind) && s.codecKey.equals(codecKey)) {
        return s;
      }
    }
    return null;
  }

  private static void subscribe(SfuPeer peer, Track t, Random random) {
    String key = Negotiation.codecKey(t.codec);
    Slot slot = free(peer, t.source.kind(), key);
    if (slot == null) {
      boolean rtx = t.isVideo();
      int pt = peer.payloadTypeFor(key, rtx);
      slot =
          new Slot(
              String.valueOf(peer.nextMid++),
              t.source.kind(),
              t.codec,
              pt,
              rtx ? peer.rtxPayloadTypeFor(key) : -1);
      peer.slots.add(slot);
    }
    Subscription sub =
        new Subscription(
            peer,
            t,
            slot,
            ssrc(random),
            slot.rtxPayloadType >= 0 ? ssrc(random) : -1,
            slot.payloadType,
            slot.rtxPayloadType,
            random.nextInt(0x10000));
    slot.subscription = sub;
    t.subscriptions.add(sub);
  }

  /** A shared audio line for {@code peer}, carrying nobody until the next ranking. */
  private static void addSharedAudioLine(SfuPeer peer, Track standIn, Random random) {
    String key = Negotiation.codecKey(standIn.codec);
    Slot slot = free(peer, "audio", key);
    if (slot == null) {
      slot =
          new Slot(
              String.valueOf(peer.nextMid++),
              "audio",
              standIn.codec,
              peer.payloadTypeFor(key, false),
              -1);
      peer.slots.add(slot);
    }
    Subscription sub =
        new Subscription(
            peer, standIn, slot, ssrc(random), -1, slot.payloadType, -1, random.nextInt(0x10000));
    sub.attached = false;
    slot.subscription = sub;
    slot.shared = true;
    peer.sharedAudio.add(slot);
  }

  /** {@code peer} goes back to one audio line per microphone: its shared lines turn inactive. */
  static void releaseSharedAudio(SfuPeer peer) {
    for (Slot s : peer.sharedAudio) {
      LoudestAudio.detach(s.subscription);
      s.subscription = null;
      s.shared = false;
    }
    peer.sharedAudio.clear();
  }

  /** Ends every subscription of {@code peer} and forgets its m-lines and payload types. */
  static void dropAll(SfuPeer peer) {
    for (Slot s : peer.slots) {
      if (s.subscription != null) {
        s.subscription.track.subscriptions.remove(s.subscription);
      }
    }
    peer.slots.clear();
    peer.sharedAudio.clear();
    peer.payloadTypes.clear();
    peer.nextPayloadType = 96;
  }

  /**
   * The subscribe offer's m-lines, one per slot in order (inactive for a free one), with what each
   * sending line carries added to {@code offered}.
   */
  static List<Negotiation.OfferLine> offerLines(
      SfuPeer peer, List<MediaListener.OfferedTrack> offered) {
    List<Negotiation.OfferLine> lines = new ArrayList<>();
    for (Slot s : peer.slots) {
      Subscription sub = s.subscription;
      if (sub == null) {
        lines.add(
            new Negotiation.OfferLine(
                s.mid,
                s.kind,
                false,
                s.payloadType,
                s.codec,
                s.rtxPayloadType,
                -1,
                -1,
                null,
                null,
                null));
      } else if (s.shared) {
        lines.add(sending(s, sub, "conclave-mix", "mix", "mix-" + s.mid));
        offered.add(new MediaListener.OfferedTrack(s.mid, null, TrackSource.MICROPHONE));
      } else {
        Track t = sub.track;
        String stream = t.source == TrackSource.SCREEN ? t.owner.id + "-screen" : t.owner.id;
        lines.add(sending(s, sub, t.owner.id, stream, t.trackId));
        offered.add(new MediaListener.OfferedTrack(s.mid, t.owner.id, t.source));
      }
    }
    return lines;
  }

  /** A sending m-line for {@code sub} on {@code s}. */
  private static Negotiation.OfferLine sending(
      Slot s, Subscription sub, String cname, String streamId, String trackId) {
    return new Negotiation.OfferLine(
        s.mid,
        s.kind,
        true,
        s.payloadType,
        s.codec,
        s.rtxPayloadType,
        sub.ssrc,
        sub.rtxSsrc,
        cname,
        streamId,
        trackId);
  }

  /** A random SSRC, never 0. */
  static long ssrc(Random random) {
    long v;
    do {
      v = random.nextInt() & 0xFFFF_FFFFL;
    } while (v == 0);
    return v;
  }
}
