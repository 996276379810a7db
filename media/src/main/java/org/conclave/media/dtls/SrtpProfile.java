package org.conclave.media.dtls;

/**
 * The SRTP protection profiles we negotiate in the DTLS {@code use_srtp} extension (RFC 5764
 * §4.1.2), with the master key and salt lengths that size the exported keying material (§4.2).
 */
public enum SrtpProfile {
  /** SRTP_AEAD_AES_128_GCM {0x00, 0x07}: 128-bit key, 96-bit salt (RFC 7714 §14.2). */
  AEAD_AES_128_GCM(0x0007, 16, 12),
  /** SRTP_AES128_CM_HMAC_SHA1_80 {0x00, 0x01}: 128-bit key, 112-bit salt (RFC 5764 §4.1.2). */
  AES128_CM_HMAC_SHA1_80(0x0001, 16, 14);

  private final int id;
  private final int keyLength;
  private final int saltLength;

  SrtpProfile(int id, int keyLength, int saltLength) {
    this.id = id;
    this.keyLength = keyLength;
    this.saltLength = saltLength;
  }

  /** The two-byte SRTPProtectionProfile value on the wire. */
  public int id() {
    return id;
  }

  /** Master key length in bytes. */
  public int keyLength() {
    return keyLength;
  }

  /** Master salt length in bytes. */
  public int saltLength() {
    return saltLength;
  }

  /** Bytes to export with "EXTRACTOR-dtls_srtp": 2 * (key + salt) (RFC 5764 §4.2). */
  public int exportLength() {
    return 2 * (keyLength + saltLength);
  }

  /** The profile with this wire value, or null when we do not support it. */
  public static SrtpProfile byId(int id) {
    for (SrtpProfile p : values()) {
      if (p.id == id) {
        return p;
      }
    }
    return null;
  }
}
