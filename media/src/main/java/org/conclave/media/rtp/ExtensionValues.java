package org.conclave.media.rtp;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Typed readers and writers for the header extension elements the SFU routes on. Each takes the
 * element's data as {@code (buf, dataOffset, dataLength)}, as {@link HeaderExtensions#find} gives
 * it, and rejects a wrong length with -1 or false. Only {@link #readString} allocates. The ids are
 * negotiated in SDP ({@code a=extmap}), so callers pass them in.
 */
public final class ExtensionValues {

  /** abs-send-time carries 6.18 fixed-point seconds in 24 bits, wrapping every 64 s. */
  public static final int ABS_SEND_TIME_LENGTH = 3;

  /** The transport-wide sequence number is 16 bits. */
  public static final int TRANSPORT_WIDE_SEQUENCE_NUMBER_LENGTH = 2;

  /** The audio level is one byte. */
  public static final int AUDIO_LEVEL_LENGTH = 1;

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private ExtensionValues() {}

  // ---- mid (RFC 8843 §15.2) and rid / repaired-rid (RFC 8852 §3 and §4): the value is the
  // string's
  // UTF-8 bytes, with no terminator or length prefix beyond the element's own length.

  /** The element as a string (mid or rid), or null when empty or not valid UTF-8. Allocates. */
  public static String readString(byte[] buf, int dataOffset, int dataLength) {
    if (dataLength <= 0) {
      return null;
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(buf, dataOffset, dataLength))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /**
   * Whether the element's bytes equal {@code expectedUtf8} (a mid or rid the caller encoded once),
   * without allocating: how the forwarding path matches a packet to its stream.
   */
  public static boolean bytesEqual(
      byte[] buf, int dataOffset, int dataLength, byte[] expectedUtf8) {
    if (dataLength != expectedUtf8.length) {
      return false;
    }
    for (int i = 0; i < dataLength; i++) {
      if (buf[dataOffset + i] != expectedUtf8[i]) {
        return false;
      }
    }
    return true;
  }

  // ---- abs-send-time (webrtc.org "Absolute Send Time" extension,
  // http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time): 24-bit unsigned, 6 integer bits
  // of seconds and 18 fractional bits.

  /** The 24-bit abs-send-time value, or -1 when the element is not 3 bytes. */
  public static int readAbsSendTime(byte[] buf, int dataOffset, int dataLength) {
    if (dataLength != ABS_SEND_TIME_LENGTH) {
      return -1;
    }
    return RtpHeader.readUint24(buf, dataOffset);
  }

  /** Overwrites a 3-byte abs-send-time element with the low 24 bits of {@code value}. */
  public static boolean writeAbsSendTime(byte[] buf, int dataOffset, int dataLength, int value) {
    if (dataLength != ABS_SEND_TIME_LENGTH) {
      return false;
    }
    RtpHeader.writeUint24(buf, dataOffset, value & 0xFFFFFF);
    return true;
  }

  /** The abs-send-time value for a time in nanoseconds (any epoch; only seconds mod 64 remain). */
  public static int absSendTimeFromNanos(long nanos) {
    long seconds = Math.floorDiv(nanos, NANOS_PER_SECOND);
    long fraction = Math.floorMod(nanos, NANOS_PER_SECOND);
    return (int) (((seconds & 0x3F) << 18) | ((fraction << 18) / NANOS_PER_SECOND));
  }

  /** The time, in nanoseconds within the 64-second wrap, that an abs-send-time value stands for. */
  public static long absSendTimeToNanos(int value) {
    return ((value & 0xFFFFFFL) * NANOS_PER_SECOND) >>> 18;
  }

  // ---- transport-wide sequence number (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2):
  // a 16-bit unsigned big-endian counter over every packet on the transport.

  /** The transport-wide sequence number, or -1 when the element is not 2 bytes. */
  public static int readTransportWideSequenceNumber(byte[] buf, int dataOffset, int dataLength) {
    if (dataLength != TRANSPORT_WIDE_SEQUENCE_NUMBER_LENGTH) {
      return -1;
    }
    return RtpHeader.readUint16(buf, dataOffset);
  }

  /** Overwrites a 2-byte transport-wide sequence number element with the low 16 bits of value. */
  public static boolean writeTransportWideSequenceNumber(
      byte[] buf, int dataOffset, int dataLength, int value) {
    if (dataLength != TRANSPORT_WIDE_SEQUENCE_NUMBER_LENGTH) {
      return false;
    }
    RtpHeader.writeUint16(buf, dataOffset, value & 0xFFFF);
    return true;
  }

  // ---- audio level (RFC 6464 §3): one byte, V (voice activity) in the top bit, then the level
  // in -dBov, 0 (loudest) to 127 (silence).

  /** The raw audio level byte (read it with {@link #voiceActivity} and {@link #level}), or -1. */
  public static int readAudioLevel(byte[] buf, int dataOffset, int dataLength) {
    if (dataLength != AUDIO_LEVEL_LENGTH) {
      return -1;
    }
    return buf[dataOffset] & 0xFF;
  }

  /** The V flag of a raw audio level byte: the sender judged the packet to hold speech. */
  public static boolean voiceActivity(int audioLevelByte) {
    return (audioLevelByte & 0x80) != 0;
  }

  /** The level of a raw audio level byte in -dBov: 0 is the loudest, 127 silence. */
  public static int level(int audioLevelByte) {
    return audioLevelByte & 0x7F;
  }

  // ---- per-subscriber re-stamping on a whole RTP packet

  /**
   * Overwrites the transport-wide sequence number (element {@code id}) of the RTP packet at {@code
   * off}; false when the packet has no such 2-byte element. Allocates nothing.
   */
  public static boolean rewriteTransportWideSequenceNumber(
      byte[] packet, int off, int len, int id, int sequenceNumber) {
    long handle = HeaderExtensions.findInPacket(packet, off, len, id);
    return handle != HeaderExtensions.NOT_FOUND
        && writeTransportWideSequenceNumber(
            packet,
            HeaderExtensions.dataOffset(handle),
            HeaderExtensions.dataLength(handle),
            sequenceNumber);
  }

  /**
   * Overwrites the abs-send-time (element {@code id}) of the RTP packet at {@code off}; false when
   * the packet has no such 3-byte element. Allocates nothing.
   */
  public static boolean rewriteAbsSendTime(byte[] packet, int off, int len, int id, int value) {
    long handle = HeaderExtensions.findInPacket(packet, off, len, id);
    return handle != HeaderExtensions.NOT_FOUND
        && writeAbsSendTime(
            packet,
            HeaderExtensions.dataOffset(handle),
            HeaderExtensions.dataLength(handle),
            value);
  }
}
