package org.conclave.media.srtp;

import org.jitsi.srtp.SrtpPolicy;

/**
 * The SRTP protection profiles we negotiate in DTLS-SRTP, in order of preference.
 *
 * <p>Lengths are in bytes. The DTLS-SRTP ids are the two-byte values of the use_srtp extension (RFC
 * 5764 §4.1.2, §9.2; RFC 7714 §14.2).
 */
public enum SrtpProfile {
  /**
   * AES-128 in Galois/Counter Mode (RFC 7714): 16-byte key, 12-byte salt, a 16-byte tag that is
   * part of the ciphertext and no separate HMAC. Preferred.
   */
  AEAD_AES_128_GCM(0x0007, 16, 12, 16, 16),
  /**
   * AES-128 in counter mode with an 80-bit HMAC-SHA1 tag (RFC 3711 §4.1.1, §4.2.1; RFC 5764
   * §4.1.2): 16-byte key, 14-byte salt, 10-byte tag on SRTP and SRTCP.
   */
  AES_CM_128_HMAC_SHA1_80(0x0001, 16, 14, 10, 10);

  /** HMAC-SHA1 session authentication key length (RFC 3711 §8.2: n_a = 160 bits). */
  private static final int HMAC_SHA1_KEY_LENGTH = 20;

  /** The SRTCP index with its E flag, sent after the encrypted part (RFC 3711 §3.4). */
  private static final int SRTCP_INDEX_LENGTH = 4;

  private final int dtlsSrtpId;
  private final int keyLength;
  private final int saltLength;
  private final int rtpTagLength;
  private final int rtcpTagLength;

  SrtpProfile(int dtlsSrtpId, int keyLength, int saltLength, int rtpTagLength, int rtcpTagLength) {
    this.dtlsSrtpId = dtlsSrtpId;
    this.keyLength = keyLength;
    this.saltLength = saltLength;
    this.rtpTagLength = rtpTagLength;
    this.rtcpTagLength = rtcpTagLength;
  }

  /** The profile with this DTLS-SRTP id (RFC 5764 §4.1.2), or null when we do not support it. */
  public static SrtpProfile fromDtlsSrtpId(int id) {
    for (SrtpProfile profile : values()) {
      if (profile.dtlsSrtpId == id) {
        return profile;
      }
    }
    return null;
  }

  /** The two-byte SRTPProtectionProfile value of the DTLS use_srtp extension. */
  public int dtlsSrtpId() {
    return dtlsSrtpId;
  }

  /** Master key length in bytes. */
  public int keyLength() {
    return keyLength;
  }

  /** Master salt length in bytes. */
  public int saltLength() {
    return saltLength;
  }

  /**
   * How many bytes of keying material to export from DTLS for this profile: two keys and two salts
   * (RFC 5764 §4.2).
   */
  public int keyingMaterialLength() {
    return 2 * (keyLength + saltLength);
  }

  /** Bytes that protecting an RTP packet adds: the authentication tag (no MKI is used). */
  public int rtpOverhead() {
    return rtpTagLength;
  }

  /** Bytes that protecting an RTCP packet adds: the E flag and SRTCP index, and the tag. */
  public int rtcpOverhead() {
    return SRTCP_INDEX_LENGTH + rtcpTagLength;
  }

  /** The tag length of an SRTP packet. */
  int rtpTagLength() {
    return rtpTagLength;
  }

  /** The tag length of an SRTCP packet. */
  int rtcpTagLength() {
    return rtcpTagLength;
  }

  /** A new jitsi-srtp policy for SRTP (RTP) packets; policies are mutable, so one per use. */
  SrtpPolicy rtpPolicy() {
    return policy(rtpTagLength);
  }

  /** A new jitsi-srtp policy for SRTCP packets. */
  SrtpPolicy rtcpPolicy() {
    return policy(rtcpTagLength);
  }

  private SrtpPolicy policy(int tagLength) {
    SrtpPolicy policy =
        switch (this) {
          case AEAD_AES_128_GCM ->
              new SrtpPolicy(
                  SrtpPolicy.AESGCM_ENCRYPTION,
                  keyLength,
                  SrtpPolicy.NULL_AUTHENTICATION,
                  0,
                  tagLength,
                  saltLength);
          case AES_CM_128_HMAC_SHA1_80 ->
              new SrtpPolicy(
                  SrtpPolicy.AESCM_ENCRYPTION,
                  keyLength,
                  SrtpPolicy.HMACSHA1_AUTHENTICATION,
                  HMAC_SHA1_KEY_LENGTH,
                  tagLength,
                  saltLength);
        };
    // The sender-side replay check refuses to protect a sequence number it has protected before
    // or one more than 64 behind; a retransmission from the packet cache must still go out.
    // Receivers keep their replay check (RFC 3711 §3.3.2).
    policy.setSendReplayEnabled(false);
    return policy;
  }
}
