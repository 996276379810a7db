package org.conclave.media.dtls;

import java.io.IOException;
import java.util.Hashtable;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.conclave.media.srtp.SrtpProfile;

/**
 * The BouncyCastle server side ({@code setup:passive}): asks for the client's certificate and
 * checks it against the SDP fingerprint, picks an SRTP profile, exports the SRTP keys. Used only on
 * the handshake thread.
 */
final class SrtpDtlsServer extends DefaultTlsServer implements SrtpDtlsPeer {

  private final DtlsSettings settings;
  private final BcTlsCrypto crypto;
  private SrtpProfile chosen;
  private boolean peerCertificateChecked;
  private SrtpKeyingMaterial keys;
  private int cipherSuite = -1;
  private volatile DtlsFailure failure;

  SrtpDtlsServer(BcTlsCrypto crypto, DtlsSettings settings) {
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
    return true; // RFC 7627: binds the keys to this handshake; browsers all send it
  }

  @Override
  protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
    return new BcDefaultTlsCredentialedSigner(
        new TlsCryptoParameters(context),
        crypto,
        settings.certificate().privateKey(),
        settings.certificate().tlsChain(crypto),
        PeerRules.ECDSA_SHA256);
  }

  /** The client must authenticate with the certificate its SDP named (RFC 8122 §6.2). */
  @Override
  public CertificateRequest getCertificateRequest() {
    return new CertificateRequest(
        new short[] {ClientCertificateType.ecdsa_sign}, PeerRules.ecdsaSignatureAlgorithms(), null);
  }

  @Override
  public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
    if (clientCertificate == null || clientCertificate.isEmpty()) {
      throw fail(
          DtlsFailure.Reason.FINGERPRINT_MISMATCH,
          "the client sent no certificate",
          AlertDescription.handshake_failure);
    }
    byte[] der = clientCertificate.getCertificateAt(0).getEncoded();
    if (!PeerRules.fingerprintMatches(settings.remoteFingerprint(), der)) {
      throw fail(
          DtlsFailure.Reason.FINGERPRINT_MISMATCH,
          "the client's certificate does not match the fingerprint in its SDP",
          AlertDescription.bad_certificate);
    }
    peerCertificateChecked = true;
  }

  @Override
  @SuppressWarnings("rawtypes")
  public void processClientExtensions(Hashtable clientExtensions) throws IOException {
    super.processClientExtensions(clientExtensions);
    UseSRTPData offered = TlsSRTPUtils.getUseSRTPExtension(clientExtensions);
    chosen = PeerRules.choose(settings.srtpProfiles(), offered);
    if (chosen == null) {
      throw fail(
          DtlsFailure.Reason.NO_SRTP_PROFILE,
          offered == null
              ? "the client offered no use_srtp extension"
              : "the client offered no SRTP profile we accept",
          AlertDescription.handshake_failure);
    }
  }

  @Override
  @SuppressWarnings({"rawtypes", "unchecked"})
  public Hashtable getServerExtensions() throws IOException {
    Hashtable extensions = super.getServerExtensions();
    // One profile, empty MKI: we do not use MKIs (RFC 5764 §4.1.1).
    TlsSRTPUtils.addUseSRTPExtension(
        extensions, new UseSRTPData(new int[] {chosen.dtlsSrtpId()}, new byte[0]));
    return extensions;
  }

  @Override
  public void notifyHandshakeComplete() throws IOException {
    super.notifyHandshakeComplete();
    if (!peerCertificateChecked) {
      throw fail(
          DtlsFailure.Reason.FINGERPRINT_MISMATCH,
          "the handshake finished without a client certificate",
          AlertDescription.handshake_failure);
    }
    keys =
        SrtpKeyingMaterial.split(
            chosen,
            DtlsRole.SERVER,
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
