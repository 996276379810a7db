package org.conclave.media.dtls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Vector;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.UseSRTPData;
import org.conclave.media.sdp.WebRtcSdp;
import org.conclave.media.srtp.SrtpProfile;

/** The rules both of our BouncyCastle peers keep: versions, suites, fingerprints, SRTP profiles. */
final class PeerRules {

  /** DTLS 1.2 only (RFC 8827 §6.5 requires at least 1.2; BouncyCastle's DTLS 1.3 is not used). */
  static final ProtocolVersion[] VERSIONS = ProtocolVersion.DTLSv12.only();

  /**
   * ECDHE key exchange signed with ECDSA, AEAD ciphers only (RFC 8827 §6.5 names
   * TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 as the one all WebRTC endpoints support).
   */
  static final int[] CIPHER_SUITES = {
    CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
    CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
    CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
  };

  /**
   * The shortest fragment a protected record (epoch 1 on) can have under each of {@link
   * #CIPHER_SUITES}: AES-GCM carries an 8-byte explicit nonce and a 16-byte tag (RFC 5288 §3),
   * ChaCha20-Poly1305 only the 16-byte tag (RFC 7905 §2).
   */
  static final int SHORTEST_PROTECTED_FRAGMENT = 16;

  static final SignatureAndHashAlgorithm ECDSA_SHA256 =
      SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa);

  private PeerRules() {}

  /**
   * The shortest fragment a protected record can have under {@code cipherSuite}, or {@link
   * #SHORTEST_PROTECTED_FRAGMENT} when it is not known yet.
   */
  static int shortestProtectedFragment(int cipherSuite) {
    return switch (cipherSuite) {
      case CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
          CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 ->
          8 + 16;
      default -> SHORTEST_PROTECTED_FRAGMENT;
    };
  }

  /** The ECDSA signature algorithms we accept from a peer (RFC 5246 §7.4.1.4.1). */
  static Vector<SignatureAndHashAlgorithm> ecdsaSignatureAlgorithms() {
    Vector<SignatureAndHashAlgorithm> v = new Vector<>();
    v.add(ECDSA_SHA256);
    v.add(SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha384, SignatureAlgorithm.ecdsa));
    v.add(SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha512, SignatureAlgorithm.ecdsa));
    return v;
  }

  /** The Java digest name for an RFC 8122 hash function name we accept, else null. */
  static String digestName(String sdpHashFunction) {
    if (sdpHashFunction == null) {
      return null;
    }
    return switch (sdpHashFunction) {
      case "sha-256" -> "SHA-256";
      case "sha-384" -> "SHA-384";
      case "sha-512" -> "SHA-512";
      default -> null;
    };
  }

  static int digestLength(String digestName) {
    return switch (digestName) {
      case "SHA-256" -> 32;
      case "SHA-384" -> 48;
      default -> 64;
    };
  }

  /**
   * True when {@code der} hashes to the expected fingerprint; compared in constant time (STYLE.md
   * rule 10) so timing reveals nothing about how close a forged certificate came.
   */
  static boolean fingerprintMatches(WebRtcSdp.Fingerprint expected, byte[] der) {
    String name = digestName(expected.hashFunction());
    if (name == null || der == null) {
      return false;
    }
    try {
      byte[] actual = MessageDigest.getInstance(name).digest(der);
      return MessageDigest.isEqual(actual, expected.value());
    } catch (NoSuchAlgorithmException e) {
      return false;
    }
  }

  /** The use_srtp extension we offer: our profiles in order, no MKI (RFC 5764 §4.1.1). */
  static UseSRTPData offer(List<SrtpProfile> profiles) {
    int[] ids = new int[profiles.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = profiles.get(i).dtlsSrtpId();
    }
    return new UseSRTPData(ids, new byte[0]);
  }

  /**
   * The server's choice: our most preferred profile that the client offered (RFC 5764 §4.1.1 lets
   * the server pick any it supports from the client's list), or null.
   */
  static SrtpProfile choose(List<SrtpProfile> ours, UseSRTPData offered) {
    if (offered == null) {
      return null;
    }
    for (SrtpProfile p : ours) {
      for (int id : offered.getProtectionProfiles()) {
        if (id == p.dtlsSrtpId()) {
          return p;
        }
      }
    }
    return null;
  }
}
