package org.conclave.server.config;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Turns {@code conclave.http.*} into the web server's TLS settings before the server is built: a
 * self-signed certificate made on first start, the operator's certificate and key, or no TLS behind
 * a trusted proxy. Runs after the configuration files are read.
 */
public class WebServerEnvironment implements EnvironmentPostProcessor, Ordered {

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
    ConclaveProperties props =
        Binder.get(env)
            .bind("conclave", ConclaveProperties.class)
            .orElseGet(
                () ->
                    new ConclaveProperties(
                        null, null, null, null, null, null, null, null, null, null));
    Map<String, Object> tls = new HashMap<>();
    ConclaveProperties.Http http = props.http();
    switch (http.tls()) {
      case SELF_SIGNED -> {
        Path dir = SelfSignedCertificate.ensure(props.dataDir().resolve("tls"));
        pemBundle(
            tls,
            dir.resolve(SelfSignedCertificate.CERTIFICATE),
            dir.resolve(SelfSignedCertificate.PRIVATE_KEY));
      }
      case FILES -> {
        if (http.certificate() == null || http.privateKey() == null) {
          throw new UnsafeConfigurationException(
              "conclave.http.tls is 'files' but conclave.http.certificate or"
                  + " conclave.http.private-key is not set: give the paths of your PEM certificate"
                  + " chain and private key.");
        }
        pemBundle(tls, http.certificate(), http.privateKey());
      }
      case BEHIND_PROXY -> {
        if (http.trustedProxies().isEmpty()) {
          throw new UnsafeConfigurationException(
              "conclave.http.tls is 'behind-proxy' (plain HTTP) but"
                  + " conclave.http.trusted-proxies is empty: list the addresses of the reverse"
                  + " proxies that terminate TLS for Conclave (for example 10.0.0.5/32), or use"
                  + " tls: self-signed or tls: files.");
        }
      }
    }
    env.getPropertySources().addFirst(new MapPropertySource("conclaveWebServer", tls));
  }

  private static void pemBundle(Map<String, Object> tls, Path certificate, Path privateKey) {
    tls.put("server.ssl.bundle", "conclave");
    tls.put(
        "spring.ssl.bundle.pem.conclave.keystore.certificate",
        "file:" + certificate.toAbsolutePath());
    tls.put(
        "spring.ssl.bundle.pem.conclave.keystore.private-key",
        "file:" + privateKey.toAbsolutePath());
    tls.put("server.ssl.enabled-protocols", "TLSv1.3,TLSv1.2");
  }

  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }
}
