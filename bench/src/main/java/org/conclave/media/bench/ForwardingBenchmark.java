package org.conclave.media.bench;

import java.util.concurrent.TimeUnit;
import org.conclave.media.rtp.ExtensionValues;
import org.conclave.media.rtp.HeaderExtensions;
import org.conclave.media.rtp.RtpHeader;
import org.conclave.media.sfu.RtpRewriter;
import org.conclave.media.srtp.SrtpFailure;
import org.conclave.media.srtp.SrtpProfile;
import org.conclave.media.srtp.SrtpSession;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The whole forwarding path for one incoming packet, as the node's {@code Forwarder} runs it,
 * without sockets: SRTP unprotect of the publisher's packet, the header read (length, SSRC,
 * sequence number, timestamp), the audio level found in the RFC 8285 block, then for each
 * subscriber the rewrite without the extension block ({@link RtpRewriter}, the node's own code) and
 * an SRTP protect with that subscriber's session.
 *
 * <p>The publisher's protect is part of each operation too, because every operation needs a fresh
 * SRTP packet (the node's replay check refuses a repeat). Subtract {@code SrtpBenchmark.protect} of
 * the same profile and payload to get the node's share; {@code docs/benchmarks.md} does.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ForwardingBenchmark {

  @Param({"AEAD_AES_128_GCM", "AES_CM_128_HMAC_SHA1_80"})
  public SrtpProfile profile;

  @Param({"100", "1200"})
  public int payload;

  /** How many subscribers each packet goes to. */
  @Param({"1", "10"})
  public int subscribers;

  @Param({"OpenSSL"})
  public String aes;

  private SrtpSession publisher;
  private SrtpSession node;
  private SrtpSession[] out;
  private long[] outSsrc;
  private int[] seqOffset;
  private byte[] in;
  private byte[] scratch;
  private int plainLength;
  private int sequence;

  @Setup
  public void open() {
    Fixtures.useAes(aes);
    publisher = new SrtpSession(Fixtures.keys(profile, true));
    node = new SrtpSession(Fixtures.keys(profile, false));
    out = new SrtpSession[subscribers];
    outSsrc = new long[subscribers];
    seqOffset = new int[subscribers];
    for (int i = 0; i < subscribers; i++) {
      out[i] = new SrtpSession(Fixtures.keys(profile, false));
      outSsrc[i] = 0x5000_0000L + i;
      seqOffset[i] = 1000 * i;
    }
    byte[] plain = Fixtures.rtp(payload);
    plainLength = plain.length;
    in = new byte[plainLength + profile.rtpOverhead()];
    System.arraycopy(plain, 0, in, 0, plainLength);
    scratch = new byte[plainLength + profile.rtpOverhead()];
    sequence = 0;
  }

  @TearDown
  public void close() {
    publisher.close();
    node.close();
    for (SrtpSession s : out) {
      s.close();
    }
  }

  @Benchmark
  public int forward() {
    // The browser's part: a fresh SRTP packet.
    RtpHeader.setSequenceNumber(in, 0, ++sequence);
    int n = checked(publisher.protectRtp(in, 0, plainLength));
    // The node's part.
    n = checked(node.unprotectRtp(in, 0, n));
    int headerLength = RtpHeader.headerLength(in, 0, n);
    int seq = RtpHeader.sequenceNumber(in, 0);
    long ts = RtpHeader.timestamp(in, 0);
    long h = HeaderExtensions.findInPacket(in, 0, n, Fixtures.AUDIO_LEVEL_ID);
    int level =
        ExtensionValues.readAudioLevel(
            in, HeaderExtensions.dataOffset(h), HeaderExtensions.dataLength(h));
    int sent = level;
    for (int i = 0; i < out.length; i++) {
      int len =
          RtpRewriter.writeWithoutExtensions(
              in,
              0,
              n,
              headerLength,
              scratch,
              0,
              Fixtures.PAYLOAD_TYPE,
              (seq + seqOffset[i]) & 0xFFFF,
              (ts + 960L * i) & 0xFFFF_FFFFL,
              outSsrc[i]);
      sent += checked(out[i].protectRtp(scratch, 0, len));
    }
    return sent;
  }

  private static int checked(int result) {
    if (SrtpFailure.isFailure(result)) {
      throw new IllegalStateException("SRTP refused the packet: " + SrtpFailure.of(result));
    }
    return result;
  }
}
