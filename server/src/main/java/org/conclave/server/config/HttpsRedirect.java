package org.conclave.server.config;

import jakarta.servlet.ServletException;
import java.io.IOException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * When Conclave serves TLS itself, also listens for plain HTTP on {@code
 * conclave.http.redirect-port} (8080 by default) and answers every request there with a permanent
 * redirect to the same path on {@code conclave.public-url}. The target host comes from the
 * configuration, never from the request's Host header, so the redirect cannot be pointed at another
 * site. Nothing else is served over plain HTTP. A redirect port of 0 or less turns it off; behind a
 * proxy the proxy does the redirect.
 */
@Component
@ConditionalOnWebApplication
class HttpsRedirect implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

  private final ConclaveProperties properties;

  HttpsRedirect(ConclaveProperties properties) {
    this.properties = properties;
  }

  @Override
  public void customize(TomcatServletWebServerFactory factory) {
    ConclaveProperties.Http http = properties.http();
    if (http.tls() == ConclaveProperties.TlsMode.BEHIND_PROXY || http.redirectPort() <= 0) {
      return;
    }
    Connector plain = new Connector(TomcatServletWebServerFactory.DEFAULT_PROTOCOL);
    plain.setScheme("http");
    plain.setSecure(false);
    plain.setPort(http.redirectPort());
    if (factory.getAddress() != null) {
      plain.setProperty("address", factory.getAddress().getHostAddress());
    }
    // Requests here are only ever redirected: keep them small and short-lived.
    plain.setMaxPostSize(0);
    plain.setProperty("maxHttpHeaderSize", "8192");
    plain.setProperty("connectionTimeout", "10000");
    factory.addAdditionalConnectors(plain);
    factory.addContextValves(new RedirectValve(plain, properties.publicUrl()));
  }

  /** Answers requests that arrived on the plain connector; passes all others on. */
  static final class RedirectValve extends ValveBase {

    private final Connector plain;
    private final String origin;

    RedirectValve(Connector plain, String origin) {
      super(true);
      this.plain = plain;
      this.origin = origin;
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
      if (request.getConnector() != plain) {
        getNext().invoke(request, response);
        return;
      }
      String query = request.getQueryString();
      String location = origin + request.getRequestURI() + (query == null ? "" : "?" + query);
      // 301 for reads; 308 keeps the method and body for anything else.
      boolean read = "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
      response.setStatus(read ? 301 : 308);
      response.setHeader("Location", location);
      response.setHeader("Cache-Control", "no-store");
      response.setContentLength(0);
    }
  }
}
