package org.conclave.media.dtls;

import java.time.Duration;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import org.conclave.media.sdp.WebRtcSdp;
import org.conclave.media.srtp.SrtpProfile;

/**
 * What one {@link DtlsStack} needs to know before its handshake. Checked when built: a bad value
 * throws {@link IllegalArgumentException} with a sentence saying what is wrong.
 *
 * @param role which side of the handshake we play
 * @param certificate our certificate, whose fingerprint our SDP announced
 * @param remoteFingerprint the peer's {@code a=fingerprint} from its SDP; sha-256, sha-384 or
 *     sha-512 (weaker hashes are refused, as Jitsi refuses MD5)
 * @param srtpProfiles the SRTP profiles we accept, most preferred first
 * @param handshakeTimeout how long the whole handshake may take
 * @param clock the time source for the handshake deadline
 */
public record DtlsSettings(
    DtlsRole role,
    DtlsCertificate certificate,
    WebRtcSdp.Fingerprint remoteFingerprint,
    List<SrtpProfile> srtpProfiles,
    Duration handshakeTimeout,
    InstantSource clock) {

  /** GCM first (cheaper, authenticated encryption in one pass), then AES-CM with HMAC-SHA1-80. */
  public static final List<SrtpProfile> DEFAULT_SRTP_PROFILES =
      List.of(SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AES_CM_128_HMAC_SHA1_80);

  public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

  public DtlsSettings {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(remoteFingerprint, "remoteFingerprint");
    Objects.requireNonNull(clock, "clock");
    String hash = PeerRules.digestName(remoteFingerprint.hashFunction());
    if (hash == null) {
      throw new IllegalArgumentException(
          "the peer's fingerprint uses "
              + remoteFingerprint.hashFunction()
              + "; only sha-256, sha-384 and sha-512 are accepted");
    }
    if (remoteFingerprint.value().length != PeerRules.digestLength(hash)) {
      throw new IllegalArgumentException(
          "the peer's " + remoteFingerprint.hashFunction() + " fingerprint has the wrong length");
    }
    srtpProfiles = List.copyOf(srtpProfiles);
    if (srtpProfiles.isEmpty() || new HashSet<>(srtpProfiles).size() != srtpProfiles.size()) {
      throw new IllegalArgumentException(
          "srtpProfiles must list at least one profile, each once: " + srtpProfiles);
    }
    if (handshakeTimeout.isNegative()
        || handshakeTimeout.isZero()
        || handshakeTimeout.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("handshakeTimeout must be positive: " + handshakeTimeout);
    }
  }

  /** The SFU's side towards a browser: {@code setup:passive}, default profiles and timeout. */
  public static DtlsSettings server(
      DtlsCertificate certificate, WebRtcSdp.Fingerprint remoteFingerprint) {
    return new DtlsSettings(
        DtlsRole.SERVER,
        certificate,
        remoteFingerprint,
        DEFAULT_SRTP_PROFILES,
        DEFAULT_HANDSHAKE_TIMEOUT,
        InstantSource.system());
  }

  /** The {@code setup:active} side (load generator, relays), default profiles and timeout. */
  public static DtlsSettings client(
      DtlsCertificate certificate, WebRtcSdp.Fingerprint remoteFingerprint) {
    return new DtlsSettings(
        DtlsRole.CLIENT,
        certificate,
        remoteFingerprint,
        DEFAULT_SRTP_PROFILES,
        DEFAULT_HANDSHAKE_TIMEOUT,
        InstantSource.system());
  }

  public DtlsSettings withSrtpProfiles(List<SrtpProfile> profiles) {
    return new DtlsSettings(
        role, certificate, remoteFingerprint, profiles, handshakeTimeout, clock);
  }

  public DtlsSettings withHandshakeTimeout(Duration timeout) {
    return new DtlsSettings(role, certificate, remoteFingerprint, srtpProfiles, timeout, clock);
  }

  public DtlsSettings withClock(InstantSource source) {
    return new DtlsSettings(
        role, certificate, remoteFingerprint, srtpProfiles, handshakeTimeout, source);
  }
}
