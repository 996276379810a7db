package org.conclave.server.auth;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;

/**
 * The session cookie: {@code __Host-} prefixed (so the browser accepts it only over HTTPS, for this
 * exact host, path /), HttpOnly, SameSite=Strict, and without an expiry (gone when the browser
 * closes; the server enforces the idle and absolute limits).
 */
public final class SessionCookie {

  public static final String NAME = "__Host-conclave";

  private SessionCookie() {}

  public static String read(HttpServletRequest request) {
    Cookie[] cookies = request.getCookies();
    if (cookies == null) {
      return null;
    }
    for (Cookie c : cookies) {
      if (NAME.equals(c.getName())) {
        return c.getValue();
      }
    }
    return null;
  }

  public static void write(HttpServletResponse response, String token) {
    response.addHeader(HttpHeaders.SET_COOKIE, base(token).build().toString());
  }

  public static void clear(HttpServletResponse response) {
    response.addHeader(HttpHeaders.SET_COOKIE, base("").maxAge(0).build().toString());
  }

  private static ResponseCookie.ResponseCookieBuilder base(String value) {
    return ResponseCookie.from(NAME, value)
        .secure(true)
        .httpOnly(true)
        .sameSite("Strict")
        .path("/");
  }
}
