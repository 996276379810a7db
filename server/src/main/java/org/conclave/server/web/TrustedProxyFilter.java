package org.conclave.server.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.conclave.server.config.ConclaveProperties;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Honours {@code X-Forwarded-For} and {@code X-Forwarded-Proto} only from the configured trusted
 * proxies. The client is the right-most address in X-Forwarded-For that is not itself a trusted
 * proxy (addresses further left can be forged by the client). From anyone else the headers are
 * ignored, so nobody can dodge per-address throttling by inventing an address.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class TrustedProxyFilter extends OncePerRequestFilter {

  private final List<IpAddressMatcher> trusted;

  TrustedProxyFilter(ConclaveProperties properties) {
    this.trusted = properties.http().trustedProxies().stream().map(IpAddressMatcher::new).toList();
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (trusted.isEmpty() || !isTrusted(request.getRemoteAddr())) {
      chain.doFilter(request, response);
      return;
    }
    String client = request.getRemoteAddr();
    String forwarded = request.getHeader("X-Forwarded-For");
    if (forwarded != null) {
      String[] hops = forwarded.split(",");
      for (int i = hops.length - 1; i >= 0; i--) {
        String hop = hops[i].strip();
        if (hop.isEmpty() || hop.length() > 45) {
          break;
        }
        client = hop;
        if (!isTrusted(hop)) {
          break;
        }
      }
    }
    String proto = request.getHeader("X-Forwarded-Proto");
    boolean secure = proto == null ? request.isSecure() : proto.strip().equalsIgnoreCase("https");
    String address = client;
    chain.doFilter(
        new HttpServletRequestWrapper(request) {
          @Override
          public String getRemoteAddr() {
            return address;
          }

          @Override
          public String getRemoteHost() {
            return address;
          }

          @Override
          public boolean isSecure() {
            return secure;
          }

          @Override
          public String getScheme() {
            return secure ? "https" : "http";
          }
        },
        response);
  }

  private boolean isTrusted(String address) {
    try {
      for (IpAddressMatcher m : trusted) {
        if (m.matches(address)) {
          return true;
        }
      }
    } catch (IllegalArgumentException notAnAddress) {
      return false;
    }
    return false;
  }
}
