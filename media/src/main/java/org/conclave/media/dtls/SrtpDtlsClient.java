package org.conclave.media.dtls;

import java.io.IOException;
import java.util.Hashtable;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.conclave.media.srtp.SrtpProfile;

/**
 * The BouncyCastle client side ({@code setup:active}): offers our SRTP profiles, checks the
 * server's certificate against the SDP fingerprint, presents our certificate, exports the SRTP
 * keys. Used only on the handshake thread.
 */
final class SrtpDtlsClient extends DefaultTlsClient implements SrtpDtlsPeer {

  private final DtlsSettings settings;
  private final BcTlsCrypto crypto;
  private SrtpProfile chosen;
  private boolean peerCertificateChecked;
  private SrtpKeyingMaterial keys;
  private int cipherSuite = -1;
  private volatile DtlsFailure failure;

  SrtpDtlsClient(BcTlsCrypto crypto, DtlsSettings settings) {
    super(crypto);
    this.crypto = crypto;
    this.settings = settings;
  }

  @Override
  protected ProtocolVersion[] getSupportedVersions() {
    return PeerRules.VERSIONS;
  }

  @Override
  protected int[] getSupportedCipherSuites() {
    return PeerRules.CIPHER_SUITES.clone();
  }

  @Override
  public boolean requiresExtendedMasterSecret() {
    return true; // RFC 7627
  }

  @Override
  @SuppressWarnings("rawtypes")
  public Hashtable getClientExtensions() throws IOException {
    Hashtable extensions = super.getClientExtensions();
    TlsSRTPUtils.addUseSRTPExtension(extensions, PeerRules.offer(settings.srtpProfiles()));
    return extensions;
  }

  /** The server must answer use_srtp with one profile we offered and no MKI (RFC 5764 §4.1.1). */
  @Override
  @SuppressWarnings("rawtypes")
  public void processServerExtensions(Hashtable serverExtensions) throws IOException {
    super.processServerExtensions(serverExtensions);
    UseSRTPData answer =
        serverExtensions == null ? null : TlsSRTPUtils.getUseSRTPExtension(serverExtensions);
    if (answer == null
        || answer.getProtectionProfiles().length != 1
        || answer.getMki().length != 0) {
      throw fail(
          DtlsFailure.Reason.NO_SRTP_PROFILE,
          "the server did not choose exactly one SRTP profile",
          AlertDescription.illegal_parameter);
    }
    SrtpProfile profile = SrtpProfile.fromDtlsSrtpId(answer.getProtectionProfiles()[0]);
    if (profile == null || !settings.srtpProfiles().contains(profile)) {
      throw fail(
          DtlsFailure.Reason.NO_SRTP_PROFILE,
          "the server chose an SRTP profile we did not offer",
          AlertDescription.illegal_parameter);
    }
    chosen = profile;
  }

  @Override
  public TlsAuthentication getAuthentication() {
    return new TlsAuthentication() {
      @Override
      public void notifyServerCertificate(TlsServerCertificate serverCertificate)
          throws IOException {
        Certificate chain = serverCertificate.getCertificate();
        if (chain == null || chain.isEmpty()) {
          throw fail(
              DtlsFailure.Reason.FINGERPRINT_MISMATCH,
              "the server sent no certificate",
              AlertDescription.handshake_failure);
        }
        byte[] der = chain.getCertificateAt(0).getEncoded();
        if (!PeerRules.fingerprintMatches(settings.remoteFingerprint(), der)) {
          throw fail(
              DtlsFailure.Reason.FINGERPRINT_MISMATCH,
              "the server's certificate does not match the fingerprint in its SDP",
              AlertDescription.bad_certificate);
        }
        peerCertificateChecked = true;
      }

      @Override
      public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
        return new BcDefaultTlsCredentialedSigner(
            new TlsCryptoParameters(context),
            crypto,
            settings.certificate().privateKey(),
            settings.certificate().tlsChain(crypto),
            PeerRules.ECDSA_SHA256);
      }
    };
  }

  @Override
  public void notifyHandshakeComplete() throws IOException {
    super.notifyHandshakeComplete();
    if (!peerCertificateChecked || chosen == null) {
      throw fail(
          DtlsFailure.Reason.PROTOCOL_ERROR,
          "the handshake finished without a checked certificate and an SRTP profile",
          AlertDescription.handshake_failure);
    }
    keys =
        SrtpKeyingMaterial.split(
            chosen,
            DtlsRole.CLIENT,
            context.exportKeyingMaterial(
                ExporterLabel.dtls_srtp, null, chosen.keyingMaterialLength()));
    cipherSuite = context.getSecurityParametersConnection().getCipherSuite();
  }

  private TlsFatalAlert fail(DtlsFailure.Reason reason, String detail, short alert) {
    failure = new DtlsFailure(reason, detail, null);
    return new TlsFatalAlert(alert, detail);
  }

  @Override
  public SrtpKeyingMaterial keys() {
    return keys;
  }

  @Override
  public int cipherSuite() {
    return cipherSuite;
  }

  @Override
  public DtlsFailure failure() {
    return failure;
  }
}
