package org.conclave.media.dtls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class DtlsCertificateTest {

  private static final DtlsCertificate CERT = DtlsCertificate.generate();

  @Test
  void fingerprintIsTheSha256OfTheDerCertificateInSdpForm() throws Exception {
    byte[] expected = MessageDigest.getInstance("SHA-256").digest(CERT.encoded());

    assertThat(CERT.fingerprint().hashFunction()).isEqualTo("sha-256");
    assertThat(CERT.fingerprint().value()).isEqualTo(expected);
    // RFC 8122 §5: hash-func SP fingerprint, upper-case hex pairs separated by colons.
    assertThat(CERT.sdpFingerprint())
        .matches("sha-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}")
        .endsWith(HexFormat.of().withUpperCase().formatHex(expected, 31, 32));
  }

  @Test
  void certificateIsSelfSignedEcdsaP256() throws Exception {
    X509Certificate x509 = parse(CERT.encoded());

    assertThat(x509.getSigAlgName()).isEqualTo("SHA256withECDSA");
    assertThat(x509.getPublicKey()).isInstanceOf(ECPublicKey.class);
    assertThat(((ECPublicKey) x509.getPublicKey()).getParams().getCurve().getField().getFieldSize())
        .isEqualTo(256);
    assertThat(x509.getIssuerX500Principal()).isEqualTo(x509.getSubjectX500Principal());
    x509.verify(x509.getPublicKey()); // throws when the self-signature is wrong
  }

  @Test
  void validityIsShort() throws Exception {
    X509Certificate x509 = parse(CERT.encoded());
    Duration validity =
        Duration.between(x509.getNotBefore().toInstant(), x509.getNotAfter().toInstant());

    assertThat(validity).isLessThanOrEqualTo(Duration.ofDays(31));
    assertThat(x509.getNotAfter().toInstant()).isEqualTo(CERT.notAfter());
  }

  @Test
  void eachCertificateHasItsOwnKeySerialAndFingerprint() throws Exception {
    DtlsCertificate other = DtlsCertificate.generate();

    assertThat(parse(other.encoded()).getSerialNumber())
        .isNotEqualTo(parse(CERT.encoded()).getSerialNumber())
        .isPositive();
    assertThat(parse(other.encoded()).getPublicKey())
        .isNotEqualTo(parse(CERT.encoded()).getPublicKey());
    assertThat(other.fingerprint().value()).isNotEqualTo(CERT.fingerprint().value());
  }

  @Test
  void accessorsReturnCopies() {
    CERT.encoded()[0] ^= 1;
    CERT.fingerprint().value()[0] ^= 1;

    assertThat(PeerRules.fingerprintMatches(CERT.fingerprint(), CERT.encoded())).isTrue();
  }

  private static X509Certificate parse(byte[] der) throws Exception {
    return (X509Certificate)
        CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
  }
}
