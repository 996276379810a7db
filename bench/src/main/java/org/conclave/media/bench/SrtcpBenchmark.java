package org.conclave.media.bench;

import java.util.concurrent.TimeUnit;
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
 * SRTCP on one compound RTCP packet (RFC 3711 §3.4; RFC 7714 §9): protect by a sender session,
 * unprotect by a receiver made from the same DTLS keying material, in place. The sender numbers
 * each packet with the next SRTCP index itself, so every invocation passes the receiver's replay
 * check; unprotecting restores the plain packet.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SrtcpBenchmark {

  @Param({"AEAD_AES_128_GCM", "AES_CM_128_HMAC_SHA1_80"})
  public SrtpProfile profile;

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

  @Setup
  public void open() {
    Fixtures.useAes(aes);
    sender = new SrtpSession(Fixtures.keys(profile, true));
    receiver = new SrtpSession(Fixtures.keys(profile, false));
    byte[] plain = Fixtures.rtcp();
    plainLength = plain.length;
    buf = new byte[plainLength + profile.rtcpOverhead()];
    System.arraycopy(plain, 0, buf, 0, plainLength);
  }

  @TearDown
  public void close() {
    sender.close();
    receiver.close();
  }

  /** A receiver report with SDES (60 bytes), protected and unprotected. */
  @Benchmark
  public int protectAndUnprotectRtcp() {
    int protectedLength = checked(sender.protectRtcp(buf, 0, plainLength));
    return checked(receiver.unprotectRtcp(buf, 0, protectedLength));
  }

  private static int checked(int result) {
    if (SrtpFailure.isFailure(result)) {
      throw new IllegalStateException("SRTCP refused the packet: " + SrtpFailure.of(result));
    }
    return result;
  }
}
