package org.conclave.server.config;

import java.io.IOException;
import java.io.StringReader;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The certificate for trying Conclave out: ECDSA P-256, for localhost, 127.0.0.1 and ::1, made on
 * first start under {@code <data-dir>/tls/} and made again when it is within 30 days of expiry.
 * Browsers will warn about it; production uses {@code tls: files}.
 */
final class SelfSignedCertificate {

  static final String CERTIFICATE = "certificate.pem";
  static final String PRIVATE_KEY = "private-key.pem";
  private static final Duration VALIDITY = Duration.ofDays(365);
  private static final Duration RENEW_BEFORE = Duration.ofDays(30);

  private SelfSignedCertificate() {}

  /** Makes sure a usable certificate and key exist in {@code dir}; returns the directory. */
  static Path ensure(Path dir) {
    Path cert = dir.resolve(CERTIFICATE);
    Path key = dir.resolve(PRIVATE_KEY);
    try {
      if (Files.exists(cert) && Files.exists(key) && !expiresSoon(cert)) {
        return dir;
      }
      Files.createDirectories(dir);
      generate(cert, key);
      return dir;
    } catch (IOException
        | java.security.GeneralSecurityException
        | org.bouncycastle.operator.OperatorCreationException e) {
      throw new IllegalStateException(
          "Could not create the self-signed certificate in "
              + dir
              + ". Make sure the data directory is writable, or configure conclave.http.tls: files"
              + " with your own certificate and key.",
          e);
    }
  }

  private static boolean expiresSoon(Path cert) throws IOException {
    try (PEMParser parser =
        new PEMParser(new StringReader(Files.readString(cert, StandardCharsets.US_ASCII)))) {
      Object o = parser.readObject();
      if (!(o instanceof X509CertificateHolder holder)) {
        return true;
      }
      return holder.getNotAfter().toInstant().isBefore(Instant.now().plus(RENEW_BEFORE));
    }
  }

  private static void generate(Path certFile, Path keyFile)
      throws java.security.GeneralSecurityException,
          IOException,
          org.bouncycastle.operator.OperatorCreationException {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
    gen.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
    KeyPair pair = gen.generateKeyPair();
    Instant now = Instant.now();
    X500Name name = new X500Name("CN=localhost, O=Conclave (self-signed)");
    var builder =
        new JcaX509v3CertificateBuilder(
            name,
            new BigInteger(128, new SecureRandom()),
            Date.from(now.minus(Duration.ofMinutes(5))),
            Date.from(now.plus(VALIDITY)),
            name,
            pair.getPublic());
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    builder.addExtension(
        Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
    builder.addExtension(
        Extension.subjectAlternativeName,
        false,
        new GeneralNames(
            new GeneralName[] {
              new GeneralName(GeneralName.dNSName, "localhost"),
              new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
              new GeneralName(GeneralName.iPAddress, "::1")
            }));
    X509Certificate cert =
        new JcaX509CertificateConverter()
            .getCertificate(
                builder.build(
                    new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
    writePem(keyFile, pair.getPrivate(), true);
    writePem(certFile, cert, false);
  }

  private static void writePem(Path file, Object object, boolean secret) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    Files.createFile(tmp);
    if (secret && tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
    }
    try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.US_ASCII);
        JcaPEMWriter pem = new JcaPEMWriter(w)) {
      pem.writeObject(
          object instanceof java.security.PrivateKey k
              ? new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(k, null)
              : object);
    }
    Files.move(
        tmp,
        file,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }
}
