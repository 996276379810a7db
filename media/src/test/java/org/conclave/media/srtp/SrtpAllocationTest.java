package org.conclave.media.srtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.conclave.media.srtp.SrtpTestPackets.clientKeys;
import static org.conclave.media.srtp.SrtpTestPackets.rtp;
import static org.conclave.media.srtp.SrtpTestPackets.serverKeys;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * What a protect and an unprotect allocate in steady state, measured with HotSpot's per-thread
 * allocation counter over many packets after a warm-up.
 *
 * <p>The goal is zero, and {@link SrtpSession} itself allocates nothing per packet; jitsi-srtp
 * (1.1-23-gaf3cd06, the newest release) does, on its way through the JCE: per packet and direction
 * {@code SrtpCipherGcm}/{@code SrtpCipherCtr.setIV} make a {@code GCMParameterSpec} or {@code
 * IvParameterSpec} (an object and a copy of the IV), the OpenSSL cipher takes the IV out of it with
 * {@code getIV()} (another copy), and for AES-CM the HMAC-SHA1 tag comes back from {@code
 * Mac.doFinal()} in a new array; and its debug-log lambdas are made whether debug is on or not
 * ({@link #LOG_LAMBDA}). docs/benchmarks.md ("Allocation on the SRTP path") says why no
 * configuration avoids it. These tests hold the session to exactly that much (the sizes of those
 * objects on a 64-bit JVM with compressed references, before the JIT's escape analysis removes any;
 * the figures printed are usually lower), so anything added by our code — or a jitsi-srtp upgrade
 * that allocates more — fails them; once jitsi-srtp reuses its IV buffers the bounds become {@code
 * < 1}.
 */
class SrtpAllocationTest {

  private static final int WARM_UP = 30_000;
  private static final int MEASURED = 10_000;
  private static final int SSRC = 0x1234_5678;

  /** GCMParameterSpec (24) + its copy of the 12-byte IV (32) + the copy getIV() returns (32). */
  private static final int GCM_IV_OBJECTS = 24 + 32 + 32;

  /** IvParameterSpec (16) + IV copy (32) + getIV() copy (32) + the 20-byte HMAC array (40). */
  private static final int CM_IV_OBJECTS_AND_TAG = 16 + 32 + 32 + 40;

  /**
   * jitsi-srtp's debug-log lambdas, made per packet whether debug logging is on or not (24 bytes
   * each: the context and a number): one when protecting ({@code logReplayWindow}), two when
   * unprotecting (that one and the first line of {@code reverseTransformPacket}). The JIT's escape
   * analysis removes them in some runs and not in others.
   */
  private static final int LOG_LAMBDA = 24;

  @Test
  void gcmProtectAllocatesNoMoreThanJitsiSrtpsIvObjects() {
    assertThat(bytesPerPacket(SrtpProfile.AEAD_AES_128_GCM, true))
        .isLessThanOrEqualTo(GCM_IV_OBJECTS + LOG_LAMBDA);
  }

  @Test
  void gcmUnprotectAllocatesNoMoreThanJitsiSrtpsIvObjects() {
    assertThat(bytesPerPacket(SrtpProfile.AEAD_AES_128_GCM, false))
        .isLessThanOrEqualTo(GCM_IV_OBJECTS + 2 * LOG_LAMBDA);
  }

  @Test
  void aesCmProtectAllocatesNoMoreThanJitsiSrtpsIvObjectsAndTag() {
    assertThat(bytesPerPacket(SrtpProfile.AES_CM_128_HMAC_SHA1_80, true))
        .isLessThanOrEqualTo(CM_IV_OBJECTS_AND_TAG + LOG_LAMBDA);
  }

  @Test
  void aesCmUnprotectAllocatesNoMoreThanJitsiSrtpsIvObjectsAndTag() {
    assertThat(bytesPerPacket(SrtpProfile.AES_CM_128_HMAC_SHA1_80, false))
        .isLessThanOrEqualTo(CM_IV_OBJECTS_AND_TAG + 2 * LOG_LAMBDA);
  }

  /**
   * Average bytes the calling thread allocated per packet for {@link #MEASURED} protects (or
   * unprotects) after {@link #WARM_UP} rounds. Each round writes the next sequence number, protects
   * with the sender and unprotects with the receiver, in place; only one of the two is measured.
   */
  private static double bytesPerPacket(SrtpProfile profile, boolean measureProtect) {
    // With SunJCE underneath, the JDK's own cipher initialisation allocates more per packet.
    assumeThat(AesImplementation.choose()).as("AES under jitsi-srtp").isEqualTo("OpenSSL");
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    byte[] plain = rtp(0, SSRC, 160);
    byte[] buf = new byte[plain.length + profile.rtpOverhead()];
    System.arraycopy(plain, 0, buf, 0, plain.length);
    try (SrtpSession sender = new SrtpSession(clientKeys(profile));
        SrtpSession receiver = new SrtpSession(serverKeys(profile))) {
      int sequence = 0;
      for (int i = 0; i < WARM_UP; i++) {
        round(sender, receiver, buf, plain.length, ++sequence);
      }
      long measured = 0;
      for (int i = 0; i < MEASURED; i++) {
        buf[2] = (byte) (++sequence >>> 8);
        buf[3] = (byte) sequence;
        long before = measureProtect ? threads.getCurrentThreadAllocatedBytes() : 0;
        int n = sender.protectRtp(buf, 0, plain.length);
        if (measureProtect) {
          measured += threads.getCurrentThreadAllocatedBytes() - before;
        } else {
          before = threads.getCurrentThreadAllocatedBytes();
        }
        int m = receiver.unprotectRtp(buf, 0, n);
        if (!measureProtect) {
          measured += threads.getCurrentThreadAllocatedBytes() - before;
        }
        assertThat(m).isEqualTo(plain.length);
      }
      double perPacket = (double) measured / MEASURED;
      System.out.printf(
          "SRTP ALLOCATION %s %s %.1f bytes/packet%n",
          profile, measureProtect ? "protect" : "unprotect", perPacket);
      return perPacket;
    }
  }

  private static void round(
      SrtpSession sender, SrtpSession receiver, byte[] buf, int length, int sequence) {
    buf[2] = (byte) (sequence >>> 8);
    buf[3] = (byte) sequence;
    int n = sender.protectRtp(buf, 0, length);
    assertThat(receiver.unprotectRtp(buf, 0, n)).isEqualTo(length);
  }
}
