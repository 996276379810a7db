package org.conclave.media.srtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.conclave.media.srtp.SrtpTestPackets.clientKeys;
import static org.conclave.media.srtp.SrtpTestPackets.serverKeys;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;

/**
 * Jazzer fuzz targets for {@link SrtpSession}. Without JAZZER_FUZZ they run once per seed input in
 * SrtpFuzzTestInputs/ (regression mode); with it, they search for inputs that break a property.
 */
class SrtpFuzzTest {

  /** One receiving session per profile, kept across inputs so state builds up as in real use. */
  private static final SrtpSession GCM_RECEIVER =
      new SrtpSession(serverKeys(SrtpProfile.AEAD_AES_128_GCM));

  private static final SrtpSession CM_RECEIVER =
      new SrtpSession(serverKeys(SrtpProfile.AES_CM_128_HMAC_SHA1_80));

  /** Any bytes at any offset: unprotect answers with a result code and never throws. */
  @FuzzTest
  void unprotectNeverThrows(byte[] data) {
    for (SrtpSession session : new SrtpSession[] {GCM_RECEIVER, CM_RECEIVER}) {
      int rtp = session.unprotectRtp(data.clone(), 0, data.length);
      int rtcp = session.unprotectRtcp(data.clone(), 0, data.length);
      assertThat(rtp).isLessThanOrEqualTo(data.length);
      assertThat(rtcp).isLessThanOrEqualTo(data.length);
      if (data.length > 2) {
        int off = data[0] & 0x03;
        assertThat(session.unprotectRtp(data.clone(), off, data.length - off))
            .isLessThan(data.length);
      }
    }
  }

  /** Any well-formed RTP header and payload: protect then unprotect gives the packet back. */
  @FuzzTest
  void protectThenUnprotectRoundTrips(FuzzedDataProvider data) {
    SrtpProfile profile =
        data.consumeBoolean() ? SrtpProfile.AEAD_AES_128_GCM : SrtpProfile.AES_CM_128_HMAC_SHA1_80;
    int csrcs = data.consumeInt(0, 15);
    boolean extension = data.consumeBoolean();
    int extensionWords = extension ? data.consumeInt(0, 10) : 0;
    byte[] rest = data.consumeRemainingAsBytes();
    int header = 12 + 4 * csrcs + (extension ? 4 + 4 * extensionWords : 0);
    byte[] plain = new byte[header + rest.length];
    System.arraycopy(rest, 0, plain, header, rest.length);
    for (int i = 1; i < Math.min(12, rest.length); i++) {
      plain[i] = rest[i];
    }
    plain[0] = (byte) (0x80 | (extension ? 0x10 : 0) | csrcs);
    if (extension) {
      int at = 12 + 4 * csrcs;
      plain[at + 2] = (byte) (extensionWords >>> 8);
      plain[at + 3] = (byte) extensionWords;
    }
    boolean rtcp = rest.length > 0 && (rest[0] & 1) == 1;
    if (rtcp) {
      plain[0] = (byte) 0x80;
    }
    try (SrtpSession sender = new SrtpSession(clientKeys(profile));
        SrtpSession receiver = new SrtpSession(serverKeys(profile))) {
      byte[] buf = Arrays.copyOf(plain, plain.length + profile.rtcpOverhead());
      int n =
          rtcp ? sender.protectRtcp(buf, 0, plain.length) : sender.protectRtp(buf, 0, plain.length);
      if (rtcp && plain.length < 8) {
        assertThat(SrtpFailure.of(n)).isEqualTo(SrtpFailure.TOO_SHORT);
        return;
      }
      assertThat(n).isPositive();
      int m = rtcp ? receiver.unprotectRtcp(buf, 0, n) : receiver.unprotectRtp(buf, 0, n);
      assertThat(Arrays.copyOf(buf, m)).isEqualTo(plain);
    }
  }
}
