package org.conclave.server.common;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The address a request came from. Behind a trusted reverse proxy the servlet container has already
 * replaced {@code getRemoteAddr()} with the client's address from {@code X-Forwarded-For} (see the
 * web server set-up); headers from anyone else are ignored.
 */
public final class ClientAddress {

  private ClientAddress() {}

  public static String of(HttpServletRequest request) {
    return request.getRemoteAddr();
  }
}
