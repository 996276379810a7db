package org.conclave.media.srtp;

import java.util.Arrays;
import java.util.HexFormat;

/** Packets and keys shared by the SRTP tests. */
final class SrtpTestPackets {
  private SrtpTestPackets() {}

  static byte[] hex(String hex) {
    return HexFormat.of().parseHex(hex.replace(" ", ""));
  }

  /** Keying material as DTLS would export it: bytes 1, 2, 3... so every part is recognisable. */
  static byte[] material(SrtpProfile profile) {
    byte[] material = new byte[profile.keyingMaterialLength()];
    for (int i = 0; i < material.length; i++) {
      material[i] = (byte) (i + 1);
    }
    return material;
  }

  static SrtpKeys clientKeys(SrtpProfile profile) {
    return SrtpKeys.fromDtlsKeyingMaterial(profile, material(profile), true);
  }

  static SrtpKeys serverKeys(SrtpProfile profile) {
    return SrtpKeys.fromDtlsKeyingMaterial(profile, material(profile), false);
  }

  /**
   * An RTP packet (RFC 3550 §5.1): V=2, PT 111, the given sequence number and SSRC, timestamp
   * 0x11223344, and {@code payloadLength} payload bytes counting up.
   */
  static byte[] rtp(int sequence, int ssrc, int payloadLength) {
    byte[] packet = new byte[12 + payloadLength];
    packet[0] = (byte) 0x80;
    packet[1] = 111;
    packet[2] = (byte) (sequence >>> 8);
    packet[3] = (byte) sequence;
    packet[4] = 0x11;
    packet[5] = 0x22;
    packet[6] = 0x33;
    packet[7] = 0x44;
    putInt(packet, 8, ssrc);
    for (int i = 0; i < payloadLength; i++) {
      packet[12 + i] = (byte) (i * 7 + 3);
    }
    return packet;
  }

  /**
   * An RTP packet with one CSRC and a one-byte header extension (RFC 3550 §5.3.1, RFC 8285 §4.2:
   * profile 0xBEDE, one word holding ID 1 with a 1-byte value, and padding).
   */
  static byte[] rtpWithCsrcAndExtension(int sequence, int ssrc) {
    byte[] packet = new byte[12 + 4 + 8 + 20];
    packet[0] = (byte) 0x91; // V=2, X=1, CC=1
    packet[1] = 96;
    packet[2] = (byte) (sequence >>> 8);
    packet[3] = (byte) sequence;
    putInt(packet, 8, ssrc);
    putInt(packet, 12, 0x0A0B0C0D); // CSRC
    packet[16] = (byte) 0xBE;
    packet[17] = (byte) 0xDE;
    packet[19] = 1; // one 32-bit word of extensions
    packet[20] = 0x10; // ID 1, L=0
    packet[21] = 0x7F;
    for (int i = 24; i < packet.length; i++) {
      packet[i] = (byte) i;
    }
    return packet;
  }

  /** A receiver report with no report blocks (RFC 3550 §6.4.2) followed by an SDES CNAME. */
  static byte[] rtcp(int senderSsrc) {
    byte[] packet = new byte[8 + 12];
    packet[0] = (byte) 0x80; // V=2, RC=0
    packet[1] = (byte) 201; // RR
    packet[3] = 1; // length: 2 words - 1
    putInt(packet, 4, senderSsrc);
    packet[8] = (byte) 0x81; // SDES, SC=1
    packet[9] = (byte) 202;
    packet[11] = 2; // 3 words - 1
    putInt(packet, 12, senderSsrc);
    packet[16] = 1; // CNAME
    packet[17] = 1;
    packet[18] = 'x';
    packet[19] = 0; // end of items
    return packet;
  }

  /** The packet at the start of a buffer with {@code spare} free bytes after it. */
  static byte[] withRoom(byte[] packet, int spare) {
    return Arrays.copyOf(packet, packet.length + spare);
  }

  static void putInt(byte[] buf, int at, int value) {
    buf[at] = (byte) (value >>> 24);
    buf[at + 1] = (byte) (value >>> 16);
    buf[at + 2] = (byte) (value >>> 8);
    buf[at + 3] = (byte) value;
  }
}
