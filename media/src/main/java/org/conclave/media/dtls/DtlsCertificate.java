package org.conclave.media.dtls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Objects;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcECContentSignerBuilder;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.conclave.media.sdp.WebRtcSdp;

/**
 * A fresh self-signed ECDSA P-256 certificate for DTLS-SRTP (RFC 8827 §6.5: WebRTC endpoints use
 * self-signed certificates and are authenticated by the fingerprint in SDP, RFC 8122 §5).
 *
 * <p>Made in memory and never written anywhere: a media node makes one at start-up (or one per
 * peer) and announces {@link #fingerprint()} in its SDP. Validity is short (30 days by default) and
 * the serial number random. Immutable and safe to share between stacks.
 */
public final class DtlsCertificate {

  /** Default validity: long enough for any meeting, short enough to be rotated with the node. */
  public static final Duration DEFAULT_VALIDITY = Duration.ofDays(30);

  private static final String SUBJECT = "CN=conclave-media";

  private final AsymmetricKeyParameter privateKey;
  private final byte[] encoded;
  private final Instant notBefore;
  private final Instant notAfter;
  private final WebRtcSdp.Fingerprint fingerprint;

  private DtlsCertificate(
      AsymmetricKeyParameter privateKey, byte[] encoded, Instant notBefore, Instant notAfter) {
    this.privateKey = privateKey;
    this.encoded = encoded;
    this.notBefore = notBefore;
    this.notAfter = notAfter;
    this.fingerprint = new WebRtcSdp.Fingerprint("sha-256", sha256(encoded));
  }

  /** A new certificate valid for 30 days from now, with the system's clock and randomness. */
  public static DtlsCertificate generate() {
    return generate(new SecureRandom(), InstantSource.system(), DEFAULT_VALIDITY);
  }

  /**
   * A new certificate valid from an hour before {@code clock}'s now (peers' clocks differ) for
   * {@code validity}.
   */
  public static DtlsCertificate generate(
      SecureRandom random, InstantSource clock, Duration validity) {
    Objects.requireNonNull(random, "random");
    if (validity.isNegative() || validity.isZero()) {
      throw new IllegalArgumentException("validity must be positive: " + validity);
    }
    X9ECParameters p256 = CustomNamedCurves.getByName("secp256r1");
    // Named (not explicit) curve parameters, so the certificate carries the P-256 OID.
    ECNamedDomainParameters domain =
        new ECNamedDomainParameters(SECObjectIdentifiers.secp256r1, p256);
    ECKeyPairGenerator generator = new ECKeyPairGenerator();
    generator.init(new ECKeyGenerationParameters(domain, random));
    AsymmetricCipherKeyPair keyPair = generator.generateKeyPair();

    // X.509 times have whole seconds (RFC 5280 §4.1.2.5).
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Instant notBefore = now.minus(Duration.ofHours(1));
    Instant notAfter = now.plus(validity);
    // A positive serial of up to 127 random bits (RFC 5280 §4.1.2.2 allows up to 20 octets).
    BigInteger serial = new BigInteger(127, random).setBit(0);
    X500Name name = new X500Name(SUBJECT);
    try {
      X509v3CertificateBuilder builder =
          new X509v3CertificateBuilder(
              name,
              serial,
              Date.from(notBefore),
              Date.from(notAfter),
              name,
              SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(keyPair.getPublic()));
      AlgorithmIdentifier signature =
          new DefaultSignatureAlgorithmIdentifierFinder().find("SHA256withECDSA");
      AlgorithmIdentifier digest = new DefaultDigestAlgorithmIdentifierFinder().find(signature);
      byte[] der =
          builder
              .build(new BcECContentSignerBuilder(signature, digest).build(keyPair.getPrivate()))
              .getEncoded();
      return new DtlsCertificate(keyPair.getPrivate(), der, notBefore, notAfter);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (OperatorCreationException e) {
      throw new IllegalStateException("BouncyCastle cannot sign with ECDSA", e);
    }
  }

  /** {@code sha-256} of the DER certificate, for {@code a=fingerprint} (RFC 8122 §5). */
  public WebRtcSdp.Fingerprint fingerprint() {
    return new WebRtcSdp.Fingerprint(fingerprint.hashFunction(), fingerprint.value().clone());
  }

  /** The fingerprint as the value of {@code a=fingerprint:}, e.g. {@code sha-256 AB:CD:...}. */
  public String sdpFingerprint() {
    return fingerprint.text();
  }

  /** The DER encoding (a copy). */
  public byte[] encoded() {
    return encoded.clone();
  }

  public Instant notBefore() {
    return notBefore;
  }

  public Instant notAfter() {
    return notAfter;
  }

  AsymmetricKeyParameter privateKey() {
    return privateKey;
  }

  /** The one-certificate chain BouncyCastle's TLS layer sends. */
  Certificate tlsChain(TlsCrypto crypto) throws IOException {
    return new Certificate(new TlsCertificate[] {crypto.createCertificate(encoded)});
  }

  static byte[] sha256(byte[] der) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(der);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return "DtlsCertificate[" + fingerprint.text() + ", until " + notAfter + "]";
  }
}
