package org.conclave.media.sfu;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.conclave.media.TrackSource;
import org.conclave.media.cc.SendSideEstimator;

/**
 * Shares a subscriber's estimated bandwidth among the videos it receives, by choosing each video's
 * simulcast layer, and probes for more when the videos want more than the estimate allows.
 *
 * <p><b>Choice.</b> The budget is 95% of the estimate ({@link SendSideEstimator}) less the audio,
 * which always goes. Videos are ranked: screen shares first, then cameras by how recently their
 * owner spoke (the dominant speaker first), then by arrival. Each video may use the layers its
 * publisher is sending now ({@link #usable}) and no higher than needed for the height at which the
 * subscriber shows it (the client's tile reports; a video not shown gets nothing). Every video
 * shown gets its lowest layer (a thumbnail's worth, about 150 kbit/s; last-N bounds how many there
 * are): a picture that vanished for want of bandwidth would look broken, and a wrong estimate could
 * not recover from it. Then, in ranked order, each is raised to the highest layer that still fits
 * the budget. Without transport-cc feedback from the subscriber there is no estimate and the budget
 * is unlimited.
 *
 * <p><b>Probing.</b> When the chosen layers are below what the videos want and the estimate shows
 * no overuse or loss, a cluster of padding packets is sent for 150 ms at twice the estimate (or the
 * wanted rate, whichever is lower; paced in 5 ms steps), at most once a second; a probe that does
 * not raise the estimate doubles the interval, up to 4 s. The estimator reads the cluster's arrival
 * rate from the feedback.
 *
 * <p><b>Keyframes that do not come.</b> A layer chosen for a subscriber whose keyframe has not come
 * 2 s later (its publisher, short of CPU or bandwidth, may keep an encoding going without answering
 * requests on it) is given up for that subscriber for 10 s: the layer below is chosen meanwhile.
 *
 * <p>Loop thread only; runs every {@link #INTERVAL_NANOS} and allocates a little each time (off the
 * per-packet path).
 */
final class BandwidthAllocation {

  static final long INTERVAL_NANOS = 100_000_000L;
  static final long PROBE_STEP_NANOS = 5_000_000L;
  static final long PROBE_DURATION_NANOS = 150_000_000L;
  private static final long MIN_PROBE_INTERVAL_NANOS = 1_000_000_000L;
  private static final long MAX_PROBE_INTERVAL_NANOS = 4_000_000_000L;
  private static final long QUIET_BEFORE_PROBE_NANOS = 2_000_000_000L;

  /** A layer whose keyframe has not come this long after it was chosen is given up for a while. */
  static final long KEYFRAME_PATIENCE_NANOS = 4_000_000_000L;

  static final long GIVE_UP_NANOS = 10_000_000_000L;

  private BandwidthAllocation() {}

  /** Whether {@code peer}'s budget comes from an estimate (it sends transport-cc feedback). */
  static boolean estimated(SfuPeer peer) {
    return peer.subscribeTwccExtension > 0 && peer.bandwidth.hasFeedback();
  }

  /**
   * Chooses the layers of {@code peer}'s videos; returns the subscriptions whose target layer
   * changed to one they do not forward yet (they need a keyframe of it).
   */
  static List<Subscription> choose(SfuPeer peer, long now) {
    List<Subscription> video = new ArrayList<>();
    long audio = 0;
    for (Slot s : peer.slots) {
      Subscription sub = s.subscription;
      if (sub == null || !sub.negotiated) {
        continue;
      }
      if (sub.track.isVideo()) {
        video.add(sub);
      } else {
        audio += sub.track.layers[0].bitrate(now);
      }
    }
    List<SfuPeer> spoke = peer.room.spoke;
    video.sort(
        Comparator.comparingInt((Subscription s) -> s.track.source == TrackSource.SCREEN ? 0 : 1)
            .thenComparingInt(
                s -> {
                  int i = spoke.indexOf(s.track.owner);
                  return i < 0 ? Integer.MAX_VALUE : i;
                }));
    boolean estimated = estimated(peer);
    long budget =
        estimated ? (long) (peer.bandwidth.estimate() * 0.95) - audio : Long.MAX_VALUE / 4;
    int n = video.size();
    int[] lowest = new int[n];
    int[] highest = new int[n];
    int[] chosen = new int[n];
    long wanted = audio;
    for (int i = 0; i < n; i++) {
      Subscription sub = video.get(i);
      lowest[i] = -1;
      highest[i] = -1;
      chosen[i] = -1;
      if (sub.slot.maxHeight == 0) {
        continue; // not shown
      }
      int cap = now < sub.layerCapUntilNanos ? sub.layerCap : Integer.MAX_VALUE;
      boolean waiting =
          sub.targetLayer >= 0
              && sub.targetLayer < sub.track.layers.length
              && sub.track.layers[sub.targetLayer].active(now)
              && (sub.targetLayer != sub.currentLayer || sub.needKeyframe);
      if (!waiting) {
        sub.targetSinceNanos = Long.MIN_VALUE;
      } else if (sub.targetSinceNanos == Long.MIN_VALUE) {
        sub.targetSinceNanos = now;
      }
      if (waiting && sub.targetLayer > 0 && now - sub.targetSinceNanos > KEYFRAME_PATIENCE_NANOS) {
        // Its publisher does not answer keyframe requests on that layer (a browser short of CPU
        // or bandwidth may keep an encoding going without one): the layer below will do for now.
        cap = sub.targetLayer - 1;
        sub.layerCap = cap;
        sub.layerCapUntilNanos = now + GIVE_UP_NANOS;
      }
      for (Layer l : sub.track.layers) {
        if (!usable(sub.track.layers, l.index, now, sub.currentLayer)
            || (l.index > cap && l.index > 0)) {
          continue;
        }
        if (lowest[i] < 0) {
          lowest[i] = l.index;
        }
        if (highest[i] < 0 || !enough(sub.track.layers[highest[i]], sub.slot.maxHeight)) {
          highest[i] = l.index;
        }
      }
      if (highest[i] >= 0) {
        wanted += sub.track.layers[highest[i]].bitrate(now);
      }
    }
    for (int i = 0; i < n; i++) {
      if (lowest[i] >= 0) {
        // Every video shown gets at least its lowest layer (a thumbnail's worth); the budget
        // decides what goes above it.
        chosen[i] = lowest[i];
        budget -= video.get(i).track.layers[lowest[i]].bitrate(now);
      }
    }
    for (int i = 0; i < n; i++) {
      if (chosen[i] < 0) {
        continue;
      }
      Layer[] layers = video.get(i).track.layers;
      for (int l = highest[i]; l > chosen[i]; l--) {
        if (!usable(layers, l, now, video.get(i).currentLayer)) {
          continue;
        }
        long extra = layers[l].bitrate(now) - layers[chosen[i]].bitrate(now);
        if (extra <= budget) {
          budget -= extra;
          chosen[i] = l;
          break;
        }
      }
    }
    List<Subscription> switching = new ArrayList<>();
    long allocated = 0;
    for (int i = 0; i < n; i++) {
      Subscription sub = video.get(i);
      boolean anyActive = lowest[i] >= 0 || sub.slot.maxHeight == 0;
      if (!anyActive) {
        continue; // the publisher sends nothing now: keep waiting for what was chosen
      }
      if (chosen[i] >= 0) {
        allocated += sub.track.layers[chosen[i]].bitrate(now);
      }
      if (chosen[i] != sub.targetLayer) {
        sub.targetLayer = chosen[i];
        sub.targetSinceNanos = Long.MIN_VALUE;
        if (chosen[i] >= 0 && chosen[i] != sub.currentLayer) {
          switching.add(sub);
        }
      }
      // Down for want of bandwidth: the layer sent now only adds to the congestion (and its
      // frames are lost anyway) until the lower one's keyframe comes, so it stops at once.
      // Only when the budget is what holds it down (a higher layer was wanted and did not fit);
      // a switch for a smaller tile or a faltering layer keeps the current one until the keyframe.
      sub.dropCurrent = estimated && chosen[i] < highest[i] && chosen[i] < sub.currentLayer;
    }
    peer.allocatedBps = allocated;
    peer.wantedBps = wanted;
    return switching;
  }

  /**
   * Whether a layer is worth forwarding: its publisher sends it now, and, above the lowest, at no
   * less than half the rate of the layer below. A browser short of uplink bandwidth or CPU may keep
   * an upper encoding alive at a trickle (a frame now and then) rather than stop it; forwarded, it
   * would show a still picture.
   */
  static boolean usable(Layer[] layers, int index, long now) {
    Layer l = layers[index];
    if (!l.active(now)) {
      return false;
    }
    if (index == 0) {
      return true;
    }
    long below = layers[index - 1].bitrate(now);
    long rate = l.bitrate(now);
    return rate == 0 || below == 0 || rate * 2 >= below;
  }

  /**
   * As {@link #usable}, but a layer already forwarded stays usable down to a quarter of the one
   * below, so that a rate that wavers around half does not switch layers back and forth.
   */
  static boolean usable(Layer[] layers, int index, long now, int current) {
    if (index != current || index == 0) {
      return usable(layers, index, now);
    }
    Layer l = layers[index];
    long below = layers[index - 1].bitrate(now);
    long rate = l.bitrate(now);
    return l.active(now) && (rate == 0 || below == 0 || rate * 4 >= below);
  }

  /** Whether {@code layer} is high enough to show at {@code maxHeight} (-1: only the top is). */
  private static boolean enough(Layer layer, int maxHeight) {
    return maxHeight > 0 && layer.height >= maxHeight;
  }

  /** Whether a probe should start now towards {@code peer}. */
  static boolean shouldProbe(SfuPeer peer, long now) {
    if (!estimated(peer) || peer.probeEndNanos > now || now < peer.nextProbeNanos) {
      return false;
    }
    SendSideEstimator bwe = peer.bandwidth;
    return peer.wantedBps > bwe.estimate() * 0.95
        && bwe.usage() != SendSideEstimator.Usage.OVERUSE
        && now - bwe.lastOveruseNanos() > QUIET_BEFORE_PROBE_NANOS
        && bwe.lossFraction() < 0.02;
  }

  /** Starts a probe cluster towards {@code peer}. */
  static void startProbe(SfuPeer peer, long now) {
    SendSideEstimator bwe = peer.bandwidth;
    long before = bwe.estimate();
    if (peer.probeBaseline > 0) {
      // The last probe's result is in: back off when it did not raise the estimate.
      peer.probeIntervalNanos =
          before > peer.probeBaseline
              ? MIN_PROBE_INTERVAL_NANOS
              : Math.min(MAX_PROBE_INTERVAL_NANOS, peer.probeIntervalNanos * 2);
    }
    peer.probeBaseline = before;
    peer.probeBps = Math.max(before + 100_000, Math.min(2 * before, peer.wantedBps * 6 / 5));
    peer.probeStartNanos = now;
    peer.probeEndNanos = now + PROBE_DURATION_NANOS;
    peer.probeSentBytes = 0;
    peer.nextProbeNanos = now + PROBE_DURATION_NANOS + peer.probeIntervalNanos;
    bwe.startProbe();
  }

  /** How many bytes of probe are due by {@code now}. */
  static long probeBytesDue(SfuPeer peer, long now) {
    long elapsed = Math.min(now, peer.probeEndNanos) - peer.probeStartNanos + PROBE_STEP_NANOS;
    return peer.probeBps / 8 * elapsed / 1_000_000_000L - peer.probeSentBytes;
  }
}
