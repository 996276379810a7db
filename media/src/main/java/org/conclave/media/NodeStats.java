package org.conclave.media;

import java.util.Map;

/**
 * The whole node's counters.
 *
 * @param rooms open rooms
 * @param peers peers in them
 * @param transports peer transports (two per participant at most)
 * @param packetsIn datagrams received on the media port
 * @param bytesIn their bytes
 * @param packetsOut datagrams sent
 * @param bytesOut their bytes
 * @param rtpForwarded RTP packets forwarded to subscribers
 * @param nacksReceived NACK feedback packets from subscribers
 * @param retransmissions packets resent from the cache in answer
 * @param keyframeRequests PLI/FIR sent to publishers (after rate limiting)
 * @param nacksSent NACKs sent to publishers for packets their uplink lost
 * @param drops dropped packets by reason
 */
public record NodeStats(
    int rooms,
    int peers,
    int transports,
    long packetsIn,
    long bytesIn,
    long packetsOut,
    long bytesOut,
    long rtpForwarded,
    long nacksReceived,
    long retransmissions,
    long keyframeRequests,
    long nacksSent,
    Map<DropReason, Long> drops) {

  public NodeStats {
    drops = Map.copyOf(drops);
  }
}
