package org.conclave.media.rtp;

import java.util.HexFormat;

/** Test helpers for writing packets out as hex, as the RFC figures lay them out. */
final class Bytes {

  private Bytes() {}

  /** Bytes from hex, ignoring spaces and line breaks. */
  static byte[] hex(String hex) {
    return HexFormat.of().parseHex(hex.replaceAll("\\s+", ""));
  }

  /** {@code data} copied into a larger array at {@code off}, with junk around it. */
  static byte[] embed(byte[] data, int off, int trailing) {
    byte[] buf = new byte[off + data.length + trailing];
    java.util.Arrays.fill(buf, (byte) 0xA5);
    System.arraycopy(data, 0, buf, off, data.length);
    return buf;
  }
}
