package org.conclave.media.client;

import java.nio.charset.StandardCharsets;
import java.util.random.RandomGenerator;
import org.conclave.media.rtp.HeaderExtension;

/**
 * Payloads and header extension elements for synthetic media, shaped as a browser sends them but
 * carrying no real audio or video: what the node may read is real (the VP8 payload descriptor and
 * the P bit of the VP8 payload header, RFC 7741; the RFC 8285 elements), and everything else is
 * random bytes, as it would be under end-to-end encryption. Stateless and thread-safe.
 */
public final class SyntheticMedia {

  /** Header extension ids that {@link ClientPeer}'s offers use (Chromium's own numbering). */
  public static final int AUDIO_LEVEL_ID = 1;

  public static final int TRANSPORT_WIDE_SEQUENCE_ID = 3;
  public static final int MID_ID = 4;

  /** The rtp-stream-id extension's id in our offers (RFC 8852 §3.1). */
  public static final int RID_ID = 5;

  /** Payload types of {@link ClientPeer}'s offers: Opus 48000/2 and VP8 90000. */
  public static final int OPUS_PAYLOAD_TYPE = 111;

  public static final int VP8_PAYLOAD_TYPE = 96;

  /** RTP timestamp ticks per 20 ms Opus frame (48 kHz) and per 30 fps video frame (90 kHz). */
  public static final int OPUS_FRAME_TICKS = 960;

  public static final int VIDEO_FRAME_TICKS = 3000;

  /** Length of the VP8 payload descriptor {@link #vp8} writes: X, I with a 15-bit PictureID. */
  public static final int VP8_DESCRIPTOR_LENGTH = 4;

  private SyntheticMedia() {}

  /**
   * A VP8 RTP payload of {@code length} bytes that starts a frame (RFC 7741 §4.2: X=1, S=1, PID=0,
   * I=1 with a 15-bit PictureID), then the VP8 payload header (RFC 7741 §4.3, RFC 6386 §9.1):
   * {@code Size0(3) H(1) VER(3) P(1)} with P=0 for a keyframe, and for a keyframe the start code 9d
   * 01 2a; the rest is random.
   *
   * @param length at least {@value #VP8_DESCRIPTOR_LENGTH} + 10
   */
  public static byte[] vp8(boolean keyframe, int pictureId, int length, RandomGenerator random) {
    if (length < VP8_DESCRIPTOR_LENGTH + 10) {
      throw new IllegalArgumentException("a VP8 payload needs at least 14 bytes: " + length);
    }
    byte[] p = new byte[length];
    random.nextBytes(p);
    p[0] = (byte) 0x90; // X=1, R=0, N=0, S=1, R=0, PID=0
    p[1] = (byte) 0x80; // I=1, L=0, T=0, K=0
    p[2] = (byte) (0x80 | ((pictureId >>> 8) & 0x7F)); // M=1: 15-bit PictureID
    p[3] = (byte) pictureId;
    int h = VP8_DESCRIPTOR_LENGTH;
    // Size0 random, H (show_frame) = 1, VER = 0, P = 0 for a keyframe.
    p[h] = (byte) ((p[h] & 0xE0) | 0x10 | (keyframe ? 0 : 1));
    if (keyframe) {
      p[h + 3] = (byte) 0x9d; // RFC 6386 §9.1: the keyframe start code
      p[h + 4] = 0x01;
      p[h + 5] = 0x2a;
    }
    return p;
  }

  /** {@code length} opaque bytes standing for an Opus frame. */
  public static byte[] opus(int length, RandomGenerator random) {
    if (length < 1) {
      throw new IllegalArgumentException("an Opus payload has at least one byte");
    }
    byte[] p = new byte[length];
    random.nextBytes(p);
    return p;
  }

  /** The audio level element (RFC 6464 §3): V flag, then the level in -dBov (0 loudest, 127). */
  public static HeaderExtension audioLevel(int level, boolean voiceActivity) {
    if (level < 0 || level > 127) {
      throw new IllegalArgumentException("audio level must be 0-127 (-dBov): " + level);
    }
    return new HeaderExtension(
        AUDIO_LEVEL_ID, new byte[] {(byte) ((voiceActivity ? 0x80 : 0) | level)});
  }

  /**
   * The transport-wide sequence number element (draft-holmer-rmcat-transport-wide-cc-extensions-01
   * §2): 16 bits, big-endian.
   */
  public static HeaderExtension transportWideSequence(int sequence) {
    return new HeaderExtension(
        TRANSPORT_WIDE_SEQUENCE_ID, new byte[] {(byte) (sequence >>> 8), (byte) sequence});
  }

  /** The mid element (RFC 8843 §15.2): the mid's UTF-8 bytes. */
  public static HeaderExtension rid(String rid) {
    return new HeaderExtension(RID_ID, rid.getBytes(StandardCharsets.UTF_8));
  }

  /** The mid element (RFC 8843 §15). */
  public static HeaderExtension mid(String mid) {
    return new HeaderExtension(MID_ID, mid.getBytes(StandardCharsets.UTF_8));
  }
}
