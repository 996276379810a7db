package org.conclave.server.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;

/** Where test servers keep their data, and how test clients reach them. */
public final class TestData {

  private TestData() {}

  public static Path dir() {
    try {
      return Files.createTempDirectory("conclave-test-");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Test-only settings: requests from loopback may name another source address in X-Forwarded-For
   * (so one test can play many attackers), and throttling delays are short.
   */
  public static void configure() {
    System.setProperty("conclave.http.tls", "SELF_SIGNED");
    System.setProperty("conclave.http.trusted-proxies[0]", "127.0.0.1/32");
    System.setProperty("conclave.http.redirect-port", "0");
    // Each test application gets its own media port; only loopback.
    System.setProperty("conclave.media.port", "0");
    System.setProperty("conclave.passwords.argon2.memory-kib", "8192");
    System.setProperty("conclave.passwords.argon2.iterations", "1");
    // Cheap hashing keeps the suite fast; without this flag such values refuse to start.
    System.setProperty("conclave.passwords.argon2.allow-weak-for-tests", "true");
  }

  static String scheme() {
    return "https";
  }

  /** Trusts exactly the certificate the server made on first start, nothing else. */
  public static SSLContext sslContext(Path dataDir) {
    try (var in = Files.newInputStream(dataDir.resolve("tls/certificate.pem"))) {
      var cert = java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in);
      var store = java.security.KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setCertificateEntry("conclave", cert);
      var tmf =
          javax.net.ssl.TrustManagerFactory.getInstance(
              javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (IOException | java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
