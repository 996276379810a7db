package org.conclave.media.dtls;

import java.util.Arrays;
import java.util.Objects;
import org.conclave.media.srtp.SrtpKeys;
import org.conclave.media.srtp.SrtpProfile;

/**
 * The outcome of a DTLS-SRTP handshake: the negotiated profile and the master keys and salts of
 * both directions, split from the exported keying material as RFC 5764 §4.2 lays it out:
 *
 * <pre>
 * client_write_SRTP_master_key[key] | server_write_SRTP_master_key[key] |
 * client_write_SRTP_master_salt[salt] | server_write_SRTP_master_salt[salt]
 * </pre>
 *
 * Immutable: accessors return copies. {@link #localWriteKey()} and friends pick the side by the
 * role this stack played, so the SRTP layer need not know about DTLS roles.
 */
public final class SrtpKeyingMaterial {
  private final SrtpProfile profile;
  private final DtlsRole localRole;
  private final byte[] clientWriteKey;
  private final byte[] serverWriteKey;
  private final byte[] clientWriteSalt;
  private final byte[] serverWriteSalt;

  private SrtpKeyingMaterial(
      SrtpProfile profile,
      DtlsRole localRole,
      byte[] clientWriteKey,
      byte[] serverWriteKey,
      byte[] clientWriteSalt,
      byte[] serverWriteSalt) {
    this.profile = profile;
    this.localRole = localRole;
    this.clientWriteKey = clientWriteKey;
    this.serverWriteKey = serverWriteKey;
    this.clientWriteSalt = clientWriteSalt;
    this.serverWriteSalt = serverWriteSalt;
  }

  /**
   * Splits exported keying material (RFC 5764 §4.2).
   *
   * @throws IllegalArgumentException when {@code material} is not {@link
   *     SrtpProfile#keyingMaterialLength()} bytes long
   */
  public static SrtpKeyingMaterial split(SrtpProfile profile, DtlsRole localRole, byte[] material) {
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(localRole, "localRole");
    if (material.length != profile.keyingMaterialLength()) {
      throw new IllegalArgumentException(
          "expected "
              + profile.keyingMaterialLength()
              + " bytes of keying material, got "
              + material.length);
    }
    int k = profile.keyLength();
    int s = profile.saltLength();
    return new SrtpKeyingMaterial(
        profile,
        localRole,
        Arrays.copyOfRange(material, 0, k),
        Arrays.copyOfRange(material, k, 2 * k),
        Arrays.copyOfRange(material, 2 * k, 2 * k + s),
        Arrays.copyOfRange(material, 2 * k + s, 2 * k + 2 * s));
  }

  public SrtpProfile profile() {
    return profile;
  }

  /** The DTLS role this side played; decides which keys are "local". */
  public DtlsRole localRole() {
    return localRole;
  }

  public byte[] clientWriteKey() {
    return clientWriteKey.clone();
  }

  public byte[] serverWriteKey() {
    return serverWriteKey.clone();
  }

  public byte[] clientWriteSalt() {
    return clientWriteSalt.clone();
  }

  public byte[] serverWriteSalt() {
    return serverWriteSalt.clone();
  }

  /** The key this side encrypts (protects) its outgoing SRTP and SRTCP with. */
  public byte[] localWriteKey() {
    return localRole == DtlsRole.CLIENT ? clientWriteKey() : serverWriteKey();
  }

  /** The salt this side encrypts its outgoing SRTP and SRTCP with. */
  public byte[] localWriteSalt() {
    return localRole == DtlsRole.CLIENT ? clientWriteSalt() : serverWriteSalt();
  }

  /** The key the peer encrypts with, which this side decrypts (unprotects) with. */
  public byte[] remoteWriteKey() {
    return localRole == DtlsRole.CLIENT ? serverWriteKey() : clientWriteKey();
  }

  /** The salt the peer encrypts with. */
  public byte[] remoteWriteSalt() {
    return localRole == DtlsRole.CLIENT ? serverWriteSalt() : clientWriteSalt();
  }

  /** The keys an {@link org.conclave.media.srtp.SrtpSession} of this side needs. */
  public SrtpKeys srtpKeys() {
    return new SrtpKeys(
        profile, localWriteKey(), localWriteSalt(), remoteWriteKey(), remoteWriteSalt());
  }

  /** True when both hold the same profile and key bytes, whatever the local role. */
  public boolean sameKeysAs(SrtpKeyingMaterial other) {
    return profile == other.profile
        && Arrays.equals(clientWriteKey, other.clientWriteKey)
        && Arrays.equals(serverWriteKey, other.serverWriteKey)
        && Arrays.equals(clientWriteSalt, other.clientWriteSalt)
        && Arrays.equals(serverWriteSalt, other.serverWriteSalt);
  }

  /** Names the profile and role only: key bytes never go into logs. */
  @Override
  public String toString() {
    return "SrtpKeyingMaterial[" + profile + ", local " + localRole + "]";
  }
}
