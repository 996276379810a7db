package org.conclave.media.rtcp;

import java.util.Arrays;

/**
 * An RTCP packet of a type or feedback format this package does not interpret (APP, XR, TMMBR, …),
 * kept as its bytes so that a compound packet can be written back whole.
 *
 * @param packetType the packet type (0..255)
 * @param countOrFormat the 5-bit count or FMT field
 * @param payload the bytes after the 4-byte header, without RTCP padding; copied in and out
 */
public record UnknownRtcpPacket(int packetType, int countOrFormat, byte[] payload)
    implements RtcpPacket {

  public UnknownRtcpPacket {
    Rtcp.checkRange(packetType, 0, 255, "packetType");
    Rtcp.checkRange(countOrFormat, 0, 31, "countOrFormat");
    payload = payload.clone();
    Rtcp.checkRange(payload.length, 0, 0xFFFF * 4, "payload length");
  }

  static UnknownRtcpPacket parse(byte[] b, int off, int len) {
    return new UnknownRtcpPacket(
        Rtcp.packetType(b, off),
        Rtcp.countOrFormat(b, off),
        Arrays.copyOfRange(b, off + Rtcp.HEADER_LENGTH, off + len));
  }

  @Override
  public byte[] payload() {
    return payload.clone();
  }

  @Override
  public int length() {
    return Rtcp.HEADER_LENGTH + Rtcp.align4(payload.length);
  }

  /** Writes the packet, with RTCP padding (RFC 3550 §6.4.1) when the payload is not aligned. */
  @Override
  public int write(byte[] buf, int off) {
    int length = length();
    Rtcp.checkRoom(buf, off, length);
    Rtcp.putHeader(buf, off, countOrFormat, packetType, length);
    System.arraycopy(payload, 0, buf, off + Rtcp.HEADER_LENGTH, payload.length);
    int padding = length - Rtcp.HEADER_LENGTH - payload.length;
    if (padding > 0) {
      buf[off] |= 0x20;
      Arrays.fill(buf, off + length - padding, off + length - 1, (byte) 0);
      buf[off + length - 1] = (byte) padding;
    }
    return length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UnknownRtcpPacket u
        && u.packetType == packetType
        && u.countOrFormat == countOrFormat
        && Arrays.equals(u.payload, payload);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * packetType + countOrFormat) + Arrays.hashCode(payload);
  }

  @Override
  public String toString() {
    return "UnknownRtcpPacket[packetType="
        + packetType
        + ", countOrFormat="
        + countOrFormat
        + ", payload="
        + payload.length
        + " bytes]";
  }
}
