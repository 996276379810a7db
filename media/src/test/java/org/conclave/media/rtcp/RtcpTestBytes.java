package org.conclave.media.rtcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.List;

/** Helpers for writing packets out as hex in tests. */
final class RtcpTestBytes {

  private RtcpTestBytes() {}

  /** Bytes from hex with any whitespace, e.g. {@code "80 c9 00 01"}. */
  static byte[] hex(String s) {
    return HexFormat.of().parseHex(s.replaceAll("\\s+", ""));
  }

  /** Parses {@code bytes} as a compound packet that must hold exactly one packet. */
  static RtcpPacket parseOne(byte[] bytes) {
    List<RtcpPacket> packets = RtcpCompound.parse(bytes, 0, bytes.length);
    assertThat(packets).hasSize(1);
    return packets.get(0);
  }

  /** Writes one packet into a new array of its length. */
  static byte[] write(RtcpPacket packet) {
    return RtcpCompound.toBytes(List.of(packet));
  }

  /** Asserts that every proper prefix of a single packet is rejected. */
  static void assertEveryTruncationIsRejected(byte[] bytes) {
    for (int len = 0; len < bytes.length; len++) {
      assertThat(RtcpCompound.parse(bytes, 0, len)).as("first %d bytes", len).isNull();
    }
  }
}
