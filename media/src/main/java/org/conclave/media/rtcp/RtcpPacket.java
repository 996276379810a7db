package org.conclave.media.rtcp;

/**
 * One RTCP packet of a compound packet (RFC 3550 §6.1), parsed into an immutable record. Each
 * record can write itself back in its wire form.
 */
public sealed interface RtcpPacket
    permits SenderReport,
        ReceiverReport,
        SourceDescription,
        Goodbye,
        GenericNack,
        PictureLossIndication,
        FullIntraRequest,
        Remb,
        TransportCcFeedback,
        UnknownRtcpPacket {

  /** The RTCP packet type (RFC 3550 §12.1, RFC 4585 §6.1). */
  int packetType();

  /** How many bytes {@link #write} writes: a multiple of 4, header included. */
  int length();

  /**
   * Writes the packet at {@code off} and returns {@link #length()}. Allocates nothing.
   *
   * @throws IndexOutOfBoundsException when the packet does not fit; nothing is written then
   */
  int write(byte[] buf, int off);
}
