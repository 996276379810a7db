package org.conclave.media;

import java.util.Map;

/**
 * One peer's counters.
 *
 * @param publishConnected whether its publish transport has SRTP keys
 * @param subscribeConnected whether its subscribe transport has SRTP keys
 * @param transports how many transports it has (0, 1 or 2)
 * @param transportProtocol "udp", "tcp" or "none" for the publish transport
 * @param packetsIn packets received from it (both transports)
 * @param bytesIn their bytes
 * @param packetsOut packets sent to it
 * @param bytesOut their bytes
 * @param forwardedFrom RTP packets of its tracks forwarded to others, by source
 * @param refusedFrom RTP packets of its tracks dropped because the source was not permitted
 * @param lost packets lost on its way to us (RFC 3550 cumulative), all its tracks
 * @param nacks NACKs it sent us
 * @param plis PLI/FIR it sent us
 * @param rttMillis round-trip time to it from its receiver reports, -1 when unknown
 */
public record PeerStats(
    boolean publishConnected,
    boolean subscribeConnected,
    int transports,
    String transportProtocol,
    long packetsIn,
    long bytesIn,
    long packetsOut,
    long bytesOut,
    Map<TrackSource, Long> forwardedFrom,
    Map<TrackSource, Long> refusedFrom,
    long lost,
    long nacks,
    long plis,
    double rttMillis) {

  public PeerStats {
    forwardedFrom = Map.copyOf(forwardedFrom);
    refusedFrom = Map.copyOf(refusedFrom);
  }
}
