package org.conclave.media.srtp;

import org.jitsi.srtp.crypto.Aes;
import org.jitsi.srtp.crypto.JitsiOpenSslProvider;

/**
 * Names the AES implementation under jitsi-srtp once per process, before the first session: OpenSSL
 * (through jitsi-srtp's native library) when it loaded, else the JDK's SunJCE. Left alone,
 * jitsi-srtp times each implementation once on its first cipher and keeps the winner for the life
 * of the process; on a busy machine that race picks the slower one about one time in three, which
 * then costs more time and garbage per packet for as long as the node runs (the bench module's
 * finding, docs/benchmarks.md).
 */
final class AesImplementation {

  private static volatile String chosen;

  private AesImplementation() {}

  /** Chooses once; later calls do nothing. Returns the implementation's name. */
  static synchronized String choose() {
    if (chosen == null) {
      String name;
      try {
        name = JitsiOpenSslProvider.isLoaded() ? "OpenSSL" : "SunJCE";
      } catch (LinkageError e) {
        name = "SunJCE";
      }
      Aes.setFactoryClassName(name);
      chosen = name;
    }
    return chosen;
  }
}
