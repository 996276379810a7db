package org.conclave.media.bench;

import java.util.concurrent.TimeUnit;
import org.conclave.media.rtp.RtpHeader;
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
 * SRTP on one RTP packet (RFC 3711 §3.3; RFC 7714 §8), through our {@link SrtpSession} over
 * jitsi-srtp: a sender session protects, a receiver session made from the same DTLS keying material
 * unprotects, in place in one buffer.
 *
 * <p>Every invocation writes the next sequence number into the header first: the receiver's replay
 * check (RFC 3711 §3.3.2) would refuse a repeat, and a real stream never repeats one. The sequence
 * number wraps after 65,535 and the rollover counter carries on, as in a long call. Unprotecting
 * restores the plain packet, so the next invocation starts from the same bytes with no copy.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SrtpBenchmark {

  @Param({"AEAD_AES_128_GCM", "AES_CM_128_HMAC_SHA1_80"})
  public SrtpProfile profile;

  /** RTP payload bytes after the 28-byte header: an Opus frame, and a full-size video packet. */
  @Param({"100", "1200"})
  public int payload;

  /**
   * The AES implementation under jitsi-srtp (see {@link Fixtures#useAes}): OpenSSL, what it picks
   * on an idle machine; {@code -p aes=SunJCE} or {@code -p aes=auto} to compare.
   */
  @Param({"OpenSSL"})
  public String aes;

  private SrtpSession sender;
  private SrtpSession receiver;
  private byte[] buf;
  private int plainLength;
  private int sequence;

  @Setup
  public void open() {
    Fixtures.useAes(aes);
    // The DTLS client sends with the client's keys; the server receives with them (RFC 5764 §4.2).
    sender = new SrtpSession(Fixtures.keys(profile, true));
    receiver = new SrtpSession(Fixtures.keys(profile, false));
    byte[] plain = Fixtures.rtp(payload);
    plainLength = plain.length;
    buf = new byte[plainLength + profile.rtpOverhead()];
    System.arraycopy(plain, 0, buf, 0, plainLength);
    sequence = 0;
  }

  @TearDown
  public void close() {
    sender.close();
    receiver.close();
  }

  /** What one packet costs end to end: the publisher's protect and the SFU's unprotect. */
  @Benchmark
  public int protectAndUnprotect() {
    RtpHeader.setSequenceNumber(buf, 0, ++sequence);
    int protectedLength = sender.protectRtp(buf, 0, plainLength);
    int length = receiver.unprotectRtp(buf, 0, checked(protectedLength));
    return checked(length);
  }

  /**
   * What the SFU pays per subscriber and packet on the way out: one protect. The buffer then holds
   * ciphertext, which the next invocation encrypts again; AES does not care what the bytes are.
   */
  @Benchmark
  public int protect() {
    RtpHeader.setSequenceNumber(buf, 0, ++sequence);
    return checked(sender.protectRtp(buf, 0, plainLength));
  }

  /** Fails the run loudly rather than timing a packet that was dropped. */
  private static int checked(int result) {
    if (SrtpFailure.isFailure(result)) {
      throw new IllegalStateException("SRTP refused the packet: " + SrtpFailure.of(result));
    }
    return result;
  }
}
