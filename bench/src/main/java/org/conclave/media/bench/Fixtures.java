package org.conclave.media.bench;

import java.util.List;
import org.conclave.media.rtp.HeaderExtension;
import org.conclave.media.rtp.RtpFields;
import org.conclave.media.rtp.RtpWriter;
import org.conclave.media.srtp.SrtpKeys;
import org.conclave.media.srtp.SrtpProfile;
import org.jitsi.srtp.crypto.Aes;

/**
 * What the benchmarks start from: packets built with our own {@link RtpWriter}, shaped like what a
 * browser sends (a 12-byte fixed header, RFC 3550 §5.1, and a one-byte header extension block, RFC
 * 8285 §4.2, with the three elements the SFU reads or re-stamps, then the payload); SRTP keys; and
 * the choice of AES implementation.
 */
final class Fixtures {

  /** Extension ids as a browser's offer typically maps them ({@code a=extmap}). */
  static final int AUDIO_LEVEL_ID = 1;

  static final int ABS_SEND_TIME_ID = 2;
  static final int TRANSPORT_WIDE_SEQ_ID = 3;

  /** Opus as browsers offer it. */
  static final int PAYLOAD_TYPE = 111;

  static final long SSRC = 0x1234_5678L;

  private Fixtures() {}

  /**
   * Session keys for one side of a DTLS-SRTP association, split from made-up keying material (bytes
   * 1, 2, 3...) as RFC 5764 §4.2 lays it out. Two sessions made with {@code asDtlsClient} true and
   * false are mirrors: what one protects, the other unprotects.
   */
  static SrtpKeys keys(SrtpProfile profile, boolean asDtlsClient) {
    byte[] material = new byte[profile.keyingMaterialLength()];
    for (int i = 0; i < material.length; i++) {
      material[i] = (byte) (i + 1);
    }
    return SrtpKeys.fromDtlsKeyingMaterial(profile, material, asDtlsClient);
  }

  /**
   * Pins the AES implementation jitsi-srtp uses in this JVM, before the first session is made.
   *
   * <p>Left alone, jitsi-srtp times each implementation it can load (OpenSSL through its JNI
   * library, SunJCE, BouncyCastle) once, on first use, and keeps the fastest for the life of the
   * JVM. On a busy machine that one-shot race picks differently from run to run, and the figures
   * move with it (both time and bytes allocated per packet), so the benchmarks name the
   * implementation instead.
   *
   * @param name {@code "OpenSSL"}, {@code "SunJCE"} or {@code "BouncyCastle"} (jitsi-srtp's own
   *     short names), or {@code "auto"} for what the media node itself picks (OpenSSL when loaded)
   */
  static void useAes(String name) {
    try {
      // SrtpSession names an implementation when its class initialises: let it, then override.
      Class.forName("org.conclave.media.srtp.SrtpSession");
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
    if (!"auto".equals(name)) {
      // jitsi-srtp comes to this module through conclave-media.
      Aes.setFactoryClassName(name);
    }
  }

  /**
   * An RTP packet with {@code payloadLength} payload bytes: header 12 bytes, extension block 16
   * bytes (4-byte block header; audio level with V set and -30 dBov, RFC 6464 §3; abs-send-time, 3
   * bytes; transport-wide sequence number, 2 bytes; padded to a whole word), then the payload.
   */
  static byte[] rtp(int payloadLength) {
    RtpFields fields =
        new RtpFields(
            false,
            PAYLOAD_TYPE,
            0,
            0x1122_3344L,
            SSRC,
            List.of(),
            List.of(
                new HeaderExtension(AUDIO_LEVEL_ID, new byte[] {(byte) (0x80 | 30)}),
                new HeaderExtension(ABS_SEND_TIME_ID, new byte[] {0x01, 0x02, 0x03}),
                new HeaderExtension(TRANSPORT_WIDE_SEQ_ID, new byte[] {0x00, 0x01})));
    byte[] payload = new byte[payloadLength];
    for (int i = 0; i < payloadLength; i++) {
      payload[i] = (byte) (i * 31 + 7);
    }
    return RtpWriter.build(fields, payload, 0);
  }

  /**
   * A compound RTCP packet as a receiver sends it every few seconds: a receiver report with one
   * report block (RFC 3550 §6.4.2) and an SDES with a 16-byte CNAME (RFC 3550 §6.5, §6.5.1).
   */
  static byte[] rtcp() {
    byte[] packet = new byte[32 + 28];
    // RR: V=2, RC=1, PT=201, length 7 (8 words - 1), sender SSRC, one 24-byte report block.
    packet[0] = (byte) 0x81;
    packet[1] = (byte) 201;
    packet[3] = 7;
    putInt(packet, 4, (int) SSRC);
    putInt(packet, 8, 0x0BAD_CAFE); // the source this block reports on
    // The rest of the block (loss, highest sequence, jitter, LSR, DLSR) stays zero.
    // SDES: V=2, SC=1, PT=202, length 6 (7 words - 1), SSRC, CNAME item of 16 bytes, end.
    packet[32] = (byte) 0x81;
    packet[33] = (byte) 202;
    packet[35] = 6;
    putInt(packet, 36, (int) SSRC);
    packet[40] = 1; // CNAME
    packet[41] = 16;
    for (int i = 0; i < 16; i++) {
      packet[42 + i] = (byte) ('a' + i);
    }
    // Bytes 58-59: the zero item type that ends the chunk, and padding to the word.
    return packet;
  }

  private static void putInt(byte[] buf, int at, int value) {
    buf[at] = (byte) (value >>> 24);
    buf[at + 1] = (byte) (value >>> 16);
    buf[at + 2] = (byte) (value >>> 8);
    buf[at + 3] = (byte) value;
  }
}
