package org.conclave.server.auth;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import org.conclave.server.common.Secrets;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Device cookies (OWASP's defence against lockout attacks): a browser that signed in to an account
 * gets a long-lived random token for that account. Later sign-ins to the same account that present
 * it are limited per device (five wrong passwords and the token is withdrawn) instead of per
 * account and address, and hash on a reserved lane. So an attacker who floods an account or the
 * whole server slows and locks out only browsers that never signed in.
 */
@Component
class TrustedDevices {

  static final String COOKIE = "__Host-conclave-device";
  static final Duration LIFETIME = Duration.ofDays(180);
  static final int MAX_FAILURES = 5;

  private final JdbcClient jdbc;
  private final InstantSource clock;

  TrustedDevices(JdbcClient jdbc, InstantSource clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** The device id when the token is a live device token of this user; otherwise empty. */
  Optional<Long> find(String token, long userId) {
    if (token == null || token.isEmpty() || token.length() > 100) {
      return Optional.empty();
    }
    long oldest = clock.millis() - LIFETIME.toMillis();
    return jdbc.sql(
            """
            SELECT id FROM trusted_devices WHERE token_hash = :h AND user_id = :u
            AND failures < :max AND created_at > :oldest""")
        .param("h", Secrets.sha256Hex(token))
        .param("u", userId)
        .param("max", MAX_FAILURES)
        .param("oldest", oldest)
        .query(Long.class)
        .optional();
  }

  /** Issues a new device token for the user and returns it. */
  String issue(long userId) {
    String token = Secrets.token();
    long now = clock.millis();
    jdbc.sql(
            """
            INSERT INTO trusted_devices (user_id, token_hash, created_at, last_used_at)
            VALUES (:u, :h, :now, :now)""")
        .param("u", userId)
        .param("h", Secrets.sha256Hex(token))
        .param("now", now)
        .update();
    return token;
  }

  /** A correct password from this device: its failure count starts again. */
  void succeeded(long deviceId) {
    jdbc.sql("UPDATE trusted_devices SET failures = 0, last_used_at = :now WHERE id = :id")
        .param("now", clock.millis())
        .param("id", deviceId)
        .update();
  }

  /** A wrong password from this device; the fifth withdraws the device's trust. */
  void failed(long deviceId) {
    jdbc.sql("UPDATE trusted_devices SET failures = failures + 1 WHERE id = :id")
        .param("id", deviceId)
        .update();
  }

  static String read(HttpServletRequest request) {
    Cookie[] cookies = request.getCookies();
    if (cookies != null) {
      for (Cookie c : cookies) {
        if (COOKIE.equals(c.getName())) {
          return c.getValue();
        }
      }
    }
    return null;
  }

  static void write(HttpServletResponse response, String token) {
    response.addHeader(
        HttpHeaders.SET_COOKIE,
        ResponseCookie.from(COOKIE, token)
            .secure(true)
            .httpOnly(true)
            .sameSite("Strict")
            .path("/")
            .maxAge(LIFETIME)
            .build()
            .toString());
  }
}
