package org.conclave.media.srtp;

import java.util.Arrays;
import java.util.Objects;

/**
 * The master keys and salts of one DTLS-SRTP association: what we encrypt with (local) and what the
 * peer encrypts with (remote).
 *
 * <p>The arrays are copied in and copied out, so no caller can change a session's keys after the
 * fact. {@link #toString()} never prints key material.
 *
 * @param profile the negotiated protection profile
 * @param localKey master key for packets we send; {@code profile.keyLength()} bytes
 * @param localSalt master salt for packets we send; {@code profile.saltLength()} bytes
 * @param remoteKey master key for packets the peer sends
 * @param remoteSalt master salt for packets the peer sends
 */
public record SrtpKeys(
    SrtpProfile profile, byte[] localKey, byte[] localSalt, byte[] remoteKey, byte[] remoteSalt) {

  /** Checks the lengths against the profile and copies the arrays. */
  public SrtpKeys {
    Objects.requireNonNull(profile, "profile");
    localKey = copyOfLength(localKey, profile.keyLength(), "localKey");
    localSalt = copyOfLength(localSalt, profile.saltLength(), "localSalt");
    remoteKey = copyOfLength(remoteKey, profile.keyLength(), "remoteKey");
    remoteSalt = copyOfLength(remoteSalt, profile.saltLength(), "remoteSalt");
  }

  /**
   * Splits keying material exported from DTLS (label "EXTRACTOR-dtls_srtp") as RFC 5764 §4.2 lays
   * it out:
   *
   * <pre>
   * client_write_SRTP_master_key[key] | server_write_SRTP_master_key[key] |
   * client_write_SRTP_master_salt[salt] | server_write_SRTP_master_salt[salt]
   * </pre>
   *
   * <p>The DTLS client sends with the client's key and salt, the server with the server's.
   *
   * @param profile the profile the DTLS handshake chose
   * @param material exactly {@code profile.keyingMaterialLength()} bytes; not kept
   * @param weAreDtlsClient true when this side was the DTLS client (SDP {@code setup:active})
   * @throws IllegalArgumentException if the material has the wrong length
   */
  public static SrtpKeys fromDtlsKeyingMaterial(
      SrtpProfile profile, byte[] material, boolean weAreDtlsClient) {
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(material, "material");
    int k = profile.keyLength();
    int s = profile.saltLength();
    if (material.length != profile.keyingMaterialLength()) {
      throw new IllegalArgumentException(
          "DTLS-SRTP keying material for "
              + profile
              + " must be "
              + profile.keyingMaterialLength()
              + " bytes, not "
              + material.length);
    }
    byte[] clientKey = Arrays.copyOfRange(material, 0, k);
    byte[] serverKey = Arrays.copyOfRange(material, k, 2 * k);
    byte[] clientSalt = Arrays.copyOfRange(material, 2 * k, 2 * k + s);
    byte[] serverSalt = Arrays.copyOfRange(material, 2 * k + s, 2 * k + 2 * s);
    try {
      return weAreDtlsClient
          ? new SrtpKeys(profile, clientKey, clientSalt, serverKey, serverSalt)
          : new SrtpKeys(profile, serverKey, serverSalt, clientKey, clientSalt);
    } finally {
      Arrays.fill(clientKey, (byte) 0);
      Arrays.fill(serverKey, (byte) 0);
      Arrays.fill(clientSalt, (byte) 0);
      Arrays.fill(serverSalt, (byte) 0);
    }
  }

  /** A copy of the local master key. */
  @Override
  public byte[] localKey() {
    return localKey.clone();
  }

  /** A copy of the local master salt. */
  @Override
  public byte[] localSalt() {
    return localSalt.clone();
  }

  /** A copy of the remote master key. */
  @Override
  public byte[] remoteKey() {
    return remoteKey.clone();
  }

  /** A copy of the remote master salt. */
  @Override
  public byte[] remoteSalt() {
    return remoteSalt.clone();
  }

  /** Equal when the profile and all four arrays are equal (compared in constant time). */
  @Override
  public boolean equals(Object other) {
    return other instanceof SrtpKeys that
        && profile == that.profile
        && java.security.MessageDigest.isEqual(localKey, that.localKey)
        && java.security.MessageDigest.isEqual(localSalt, that.localSalt)
        && java.security.MessageDigest.isEqual(remoteKey, that.remoteKey)
        && java.security.MessageDigest.isEqual(remoteSalt, that.remoteSalt);
  }

  @Override
  public int hashCode() {
    // Deliberately not derived from the key bytes.
    return profile.hashCode();
  }

  /** The profile only: key material never goes into logs. */
  @Override
  public String toString() {
    return "SrtpKeys[" + profile + "]";
  }

  private static byte[] copyOfLength(byte[] bytes, int length, String name) {
    Objects.requireNonNull(bytes, name);
    if (bytes.length != length) {
      throw new IllegalArgumentException(
          name + " must be " + length + " bytes, not " + bytes.length);
    }
    return bytes.clone();
  }
}
