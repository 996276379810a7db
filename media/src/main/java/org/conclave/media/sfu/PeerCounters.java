package org.conclave.media.sfu;

import java.util.EnumMap;
import java.util.Map;
import org.conclave.media.PeerStats;
import org.conclave.media.TrackSource;
import org.conclave.media.transport.PeerTransport;

/** One peer's counters as the control plane sees them ({@link PeerStats}). Loop thread only. */
final class PeerCounters {

  private PeerCounters() {}

  /** What {@code p} published, was refused, lost and sent, taken now. */
  static PeerStats of(SfuPeer p) {
    Map<TrackSource, Long> forwarded = new EnumMap<>(TrackSource.class);
    Map<TrackSource, Long> refused = new EnumMap<>(TrackSource.class);
    long lost = 0;
    for (Track t : p.trackArray) {
      long f = 0;
      for (Subscription s : t.subscriptions) {
        f += s.packets;
      }
      forwarded.merge(t.source, f, Long::sum);
      refused.merge(t.source, t.refused, Long::sum);
      lost += t.cumulativeLost();
    }
    double rtt = -1;
    for (Slot s : p.slots) {
      if (s.subscription != null && s.subscription.rttMillis >= 0) {
        rtt = Math.max(rtt, s.subscription.rttMillis);
      }
    }
    int transports = (p.publish != null ? 1 : 0) + (p.subscribe != null ? 1 : 0);
    long pin = 0;
    long bin = 0;
    long pout = 0;
    long bout = 0;
    for (PeerTransport t : new PeerTransport[] {p.publish, p.subscribe}) {
      if (t != null) {
        pin += t.packetsIn();
        bin += t.bytesIn();
        pout += t.packetsOut();
        bout += t.bytesOut();
      }
    }
    return new PeerStats(
        p.publishConnected(),
        p.subscribeConnected(),
        transports,
        p.publish == null ? "none" : p.publish.transportProtocol(),
        pin,
        bin,
        pout,
        bout,
        forwarded,
        refused,
        lost,
        p.nacks,
        p.plis,
        rtt);
  }
}
