package org.conclave.loadtest.media;

import org.conclave.media.dtls.DtlsSettings;
import org.conclave.media.srtp.SrtpKeys;
import org.conclave.media.srtp.SrtpProfile;
import org.conclave.media.srtp.SrtpSession;

/**
 * jitsi-srtp picks its AES implementation by timing them the first time a JVM protects a packet
 * with each cipher mode, which takes seconds on a busy machine; the generator pays for that before
 * its first peer connects, not inside a step's measurement.
 */
final class SrtpWarmUp {

  private static boolean done;

  private SrtpWarmUp() {}

  static synchronized void once() {
    if (done) {
      return;
    }
    done = true;
    for (SrtpProfile profile : DtlsSettings.DEFAULT_SRTP_PROFILES) {
      byte[] key = new byte[profile.keyLength()];
      byte[] salt = new byte[profile.saltLength()];
      try (SrtpSession sender = new SrtpSession(new SrtpKeys(profile, key, salt, key, salt));
          SrtpSession receiver = new SrtpSession(new SrtpKeys(profile, key, salt, key, salt))) {
        for (int i = 0; i < 1000; i++) {
          byte[] rtp = new byte[12 + 100 + profile.rtpOverhead()];
          rtp[0] = (byte) 0x80;
          rtp[1] = 111;
          rtp[2] = (byte) (i >>> 8);
          rtp[3] = (byte) i;
          int n = sender.protectRtp(rtp, 0, 112);
          receiver.unprotectRtp(rtp, 0, n);
        }
      }
    }
  }
}
