package org.conclave.media.client;

import java.util.List;
import org.conclave.media.rtcp.RtcpPacket;

/**
 * One RTCP compound packet a {@link ClientPeer} received, decrypted and parsed.
 *
 * @param packets its packets in wire order
 * @param receivedNanos {@link System#nanoTime()} when it was read from the socket
 */
public record ReceivedRtcp(List<RtcpPacket> packets, long receivedNanos) {

  public ReceivedRtcp {
    packets = List.copyOf(packets);
  }

  /** The packets of one type, e.g. {@code of(PictureLossIndication.class)}. */
  public <T extends RtcpPacket> List<T> of(Class<T> type) {
    return packets.stream().filter(type::isInstance).map(type::cast).toList();
  }
}
