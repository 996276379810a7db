package org.conclave.media.rtcp;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses and writes compound RTCP packets (RFC 3550 §6.1): RTCP packets stacked back to back, each
 * carrying its own length. A single RTCP packet, or a reduced-size packet (RFC 5506), is a compound
 * of one.
 */
public final class RtcpCompound {

  private RtcpCompound() {}

  /**
   * Parses every packet of the compound packet in {@code len} bytes at {@code off}. Returns the
   * packets in wire order, or null when anything is wrong: a header that is not version 2, a length
   * that runs past the buffer or leaves bytes over, bad padding, or a known packet type whose body
   * is malformed. Packet types and feedback formats this package does not know become {@link
   * UnknownRtcpPacket}s. Allocates the returned list and records; never throws for bad input.
   */
  public static List<RtcpPacket> parse(byte[] buf, int off, int len) {
    if (buf == null || off < 0 || len < Rtcp.HEADER_LENGTH || off > buf.length - len) {
      return null;
    }
    List<RtcpPacket> packets = new ArrayList<>(4);
    int pos = off;
    int end = off + len;
    while (pos < end) {
      if (end - pos < Rtcp.HEADER_LENGTH) {
        return null;
      }
      // RFC 3550 §6.4.1: V(2) P(1) RC/FMT(5) | PT(8) | length(16) = 32-bit words - 1.
      int first = buf[pos] & 0xFF;
      if ((first & 0xC0) != 0x80) {
        return null;
      }
      int packetLength = (Rtcp.u16(buf, pos + 2) + 1) * 4;
      if (packetLength > end - pos) {
        return null;
      }
      int contentLength = packetLength;
      if ((first & 0x20) != 0) {
        // RFC 3550 §6.4.1: the last octet of the padding counts the padding octets, itself
        // included. RFC 3550 allows padding only on the last packet; we accept it on any, as
        // some senders pad feedback packets inside a compound.
        int padding = buf[pos + packetLength - 1] & 0xFF;
        if (padding == 0 || padding > packetLength - Rtcp.HEADER_LENGTH) {
          return null;
        }
        contentLength -= padding;
      }
      RtcpPacket packet = parseOne(buf, pos, contentLength);
      if (packet == null) {
        return null;
      }
      packets.add(packet);
      pos += packetLength;
    }
    return List.copyOf(packets);
  }

  private static RtcpPacket parseOne(byte[] buf, int off, int len) {
    int count = Rtcp.countOrFormat(buf, off);
    int type = Rtcp.packetType(buf, off);
    return switch (type) {
      case Rtcp.PT_SR -> SenderReport.parse(buf, off, len, count);
      case Rtcp.PT_RR -> ReceiverReport.parse(buf, off, len, count);
      case Rtcp.PT_SDES -> SourceDescription.parse(buf, off, len, count);
      case Rtcp.PT_BYE -> Goodbye.parse(buf, off, len, count);
      case Rtcp.PT_RTPFB ->
          switch (count) {
            case Rtcp.FMT_NACK -> GenericNack.parse(buf, off, len);
            case Rtcp.FMT_TRANSPORT_CC -> TransportCcFeedback.parse(buf, off, len);
            default -> UnknownRtcpPacket.parse(buf, off, len);
          };
      case Rtcp.PT_PSFB ->
          switch (count) {
            case Rtcp.FMT_PLI -> PictureLossIndication.parse(buf, off, len);
            case Rtcp.FMT_FIR -> FullIntraRequest.parse(buf, off, len);
            case Rtcp.FMT_AFB ->
                Remb.isRemb(buf, off, len)
                    ? Remb.parse(buf, off, len)
                    : UnknownRtcpPacket.parse(buf, off, len);
            default -> UnknownRtcpPacket.parse(buf, off, len);
          };
      default -> UnknownRtcpPacket.parse(buf, off, len);
    };
  }

  /** The number of bytes {@link #write} needs for {@code packets}. */
  public static int length(List<? extends RtcpPacket> packets) {
    int total = 0;
    for (RtcpPacket p : packets) {
      total += p.length();
    }
    return total;
  }

  /**
   * Writes {@code packets} back to back at {@code off} and returns the total length.
   *
   * @throws IndexOutOfBoundsException when they do not fit; nothing is written then
   */
  public static int write(List<? extends RtcpPacket> packets, byte[] buf, int off) {
    Rtcp.checkRoom(buf, off, length(packets));
    int pos = off;
    for (RtcpPacket p : packets) {
      pos += p.write(buf, pos);
    }
    return pos - off;
  }

  /** Writes {@code packets} into a new array of exactly their length. */
  public static byte[] toBytes(List<? extends RtcpPacket> packets) {
    byte[] out = new byte[length(packets)];
    write(packets, out, 0);
    return out;
  }
}
