package org.conclave.media.sfu;

import org.conclave.media.transport.TransportLoop;

/**
 * What the node does with a subscriber's bandwidth estimate, on the loop thread: chooses its
 * simulcast layers and asks for the keyframes a switch waits for ({@link BandwidthAllocation}),
 * sends probe clusters in 5 ms steps when the estimate may have room to grow, and drains its pacer
 * ({@link Pacer}). {@link SfuNode} calls it from its timers and when feedback lowers an estimate.
 */
final class RateControl {

  /** At most this many probe packets in one 5 ms step. */
  private static final int MAX_PROBE_PACKETS_PER_STEP = 64;

  private final TransportLoop loop;
  private final Forwarder forwarder;

  RateControl(TransportLoop loop, Forwarder forwarder) {
    this.loop = loop;
    this.forwarder = forwarder;
  }

  /** Chooses {@code peer}'s layers, asks for the keyframes a switch waits for, and maybe probes. */
  void allocate(SfuPeer peer, long now) {
    if (peer.slots.isEmpty() || !peer.subscribeConnected()) {
      return;
    }
    for (Subscription sub : BandwidthAllocation.choose(peer, now)) {
      forwarder.requestKeyframe(sub.track.layers[sub.targetLayer], true);
    }
    if (BandwidthAllocation.shouldProbe(peer, now)) {
      BandwidthAllocation.startProbe(peer, now);
      probeStep(peer);
    }
  }

  /** Sends what {@code peer}'s pacer lets go now. */
  void drain(SfuPeer peer, long now) {
    if (peer.pacer != null && peer.pacer.waiting() && peer.subscribeConnected()) {
      peer.pacer.drain(peer.bandwidth.estimate(), now);
    }
  }

  /** Sends the probe packets due now, and comes back in 5 ms until the cluster's end. */
  private void probeStep(SfuPeer peer) {
    if (peer.room.peers.get(peer.id) != peer || !peer.subscribeConnected()) {
      return;
    }
    long now = loop.nanoTime();
    Subscription carrier = null;
    for (Slot s : peer.slots) {
      if (s.subscription != null && s.subscription.negotiated && s.subscription.rtxSsrc >= 0) {
        carrier = s.subscription;
        break;
      }
    }
    long due = BandwidthAllocation.probeBytesDue(peer, now);
    for (int i = 0; carrier != null && due > 0 && i < MAX_PROBE_PACKETS_PER_STEP; i++) {
      int n = forwarder.sendProbe(peer, carrier);
      if (n == 0) {
        break;
      }
      peer.probeSentBytes += n;
      due -= n;
    }
    if (carrier != null && now < peer.probeEndNanos) {
      loop.schedule(BandwidthAllocation.PROBE_STEP_NANOS, () -> probeStep(peer));
    } else {
      peer.probeEndNanos = now;
      peer.bandwidth.endProbe();
    }
  }
}
