package org.conclave.server.config;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Checks the configuration ({@link StartupSafetyCheck}) and turns {@code conclave.http.*} into the
 * web server's TLS settings before anything is built: a self-signed certificate made on first
 * start, the operator's certificate and key, or no TLS behind a trusted proxy. Runs after the
 * configuration files are read. Command-line runs (no web server) are checked the same way but need
 * no certificate.
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
                        null, null, null, null, null, null, null, null, null, null, null, null,
                        null));
    StartupSafetyCheck.checkHttp(props.http());
    if (application.getWebApplicationType() == WebApplicationType.NONE) {
      return;
    }
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
      case FILES -> pemBundle(tls, http.certificate(), http.privateKey());
      case BEHIND_PROXY -> {
        // Plain HTTP: the proxies named in trusted-proxies terminate TLS (checked above).
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
