package org.conclave.media.bench;

import java.util.concurrent.TimeUnit;
import org.conclave.media.rtp.ExtensionValues;
import org.conclave.media.rtp.HeaderExtensions;
import org.conclave.media.rtp.RtpHeader;
import org.conclave.media.rtp.RtpPacket;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The header work the forwarding path does per packet and subscriber, without the cryptography:
 * check and measure the RTP header (RFC 3550 §5.1), read the audio level (RFC 6464 §3) and the
 * transport-wide sequence number (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2) from the
 * RFC 8285 block, then rewrite SSRC, sequence number, timestamp and payload type for the subscriber
 * and stamp the subscriber transport's own transport-wide sequence number, all in place.
 *
 * <p>The payload is not touched, so its size does not matter here; the packet is the 28-byte header
 * of {@link Fixtures#rtp} with a 100-byte payload.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RtpRewriteBenchmark {

  // What a subscription would hold: the SSRC and offsets this subscriber sees, and the payload
  // type its SDP answer gave the codec.
  private static final long SUBSCRIBER_SSRC = 0x0A0B_0C0DL;
  private static final int SEQUENCE_OFFSET = 1_000;
  private static final long TIMESTAMP_OFFSET = 48_000L;
  private static final int SUBSCRIBER_PAYLOAD_TYPE = 109;

  private byte[] buf;
  private int length;
  private int transportSequence;

  @Setup
  public void build() {
    buf = Fixtures.rtp(100);
    length = buf.length;
  }

  /**
   * Reads and rewrites one packet in place. The next invocation reads the rewritten header, so the
   * values drift from call to call; the work is the same every time, and none of it is skipped.
   */
  @Benchmark
  public long readAndRewrite() {
    byte[] b = buf;
    int len = length;
    int headerLength = RtpHeader.headerLength(b, 0, len);
    if (headerLength < 0 || !RtpHeader.hasExtension(b, 0)) {
      throw new IllegalStateException("not an RTP packet with an extension block");
    }
    long ssrc = RtpHeader.ssrc(b, 0);
    int sequence = RtpHeader.sequenceNumber(b, 0);
    long timestamp = RtpHeader.timestamp(b, 0);

    // RFC 3550 §5.3.1: the extension block follows the fixed header and the CSRCs and ends where
    // the header does (headerLength has checked it fits).
    int block = RtpHeader.FIXED_HEADER_LENGTH + 4 * RtpHeader.csrcCount(b, 0);
    int blockAvailable = headerLength - block;
    long level = HeaderExtensions.find(b, block, blockAvailable, Fixtures.AUDIO_LEVEL_ID);
    long twcc = HeaderExtensions.find(b, block, blockAvailable, Fixtures.TRANSPORT_WIDE_SEQ_ID);
    if (level == HeaderExtensions.NOT_FOUND || twcc == HeaderExtensions.NOT_FOUND) {
      throw new IllegalStateException("extension element missing");
    }
    int audioLevel =
        ExtensionValues.readAudioLevel(
            b, HeaderExtensions.dataOffset(level), HeaderExtensions.dataLength(level));
    int publisherTwcc =
        ExtensionValues.readTransportWideSequenceNumber(
            b, HeaderExtensions.dataOffset(twcc), HeaderExtensions.dataLength(twcc));

    RtpHeader.setSsrc(b, 0, SUBSCRIBER_SSRC);
    RtpHeader.setSequenceNumber(b, 0, sequence + SEQUENCE_OFFSET);
    RtpHeader.setTimestamp(b, 0, timestamp + TIMESTAMP_OFFSET);
    RtpHeader.setPayloadType(b, 0, SUBSCRIBER_PAYLOAD_TYPE);
    ExtensionValues.writeTransportWideSequenceNumber(
        b,
        HeaderExtensions.dataOffset(twcc),
        HeaderExtensions.dataLength(twcc),
        ++transportSequence);

    return ssrc ^ ((long) audioLevel << 32) ^ ((long) publisherTwcc << 40);
  }

  /**
   * For comparison: the allocating parse into an immutable {@link RtpPacket} (with its {@code
   * RtpFields}, CSRC list and one copied element per extension), which tests and tools use and the
   * forwarding path does not.
   */
  @Benchmark
  public RtpPacket parseIntoRecord() {
    return RtpPacket.parse(buf, 0, length);
  }
}
