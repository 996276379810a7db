package org.conclave.server.entry;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.conclave.server.auth.SignedInUser;
import org.conclave.server.common.ClientAddress;
import org.conclave.server.common.Secrets;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/join}: the code and a secret (passcode, meeting-link secret or personal-link
 * secret, sent in the body so it never reaches access logs) for a one-use ticket that opens the
 * signaling connection. Open to everyone; signed-in browsers enter as members.
 */
@RestController
class EntryController {

  /** The participant device cookie: one of the things a rejoin ban is bound to. */
  static final String DEVICE_COOKIE = "__Host-conclave-participant";

  private final EntryService entry;

  EntryController(EntryService entry) {
    this.entry = entry;
  }

  @PostMapping("/api/v1/join")
  Map<String, Object> join(
      @RequestBody EntryService.JoinRequest body,
      @AuthenticationPrincipal SignedInUser user,
      HttpServletRequest request,
      HttpServletResponse response) {
    String device = deviceToken(request);
    if (device == null) {
      device = Secrets.token();
      response.addHeader(
          HttpHeaders.SET_COOKIE,
          ResponseCookie.from(DEVICE_COOKIE, device)
              .path("/")
              .secure(true)
              .httpOnly(true)
              .sameSite("Strict")
              .maxAge(java.time.Duration.ofDays(400))
              .build()
              .toString());
    }
    SignedInUser member =
        user != null && !user.viaApiToken() && !user.secondFactorPending() ? user : null;
    try {
      String ticket =
          entry.join(body, new EntryService.Caller(member, ClientAddress.of(request), device));
      return Map.of("ticket", ticket, "expiresInSeconds", Tickets.LIFETIME_SECONDS);
    } catch (EntryService.Throttled t) {
      response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(t.retryAfterSeconds));
      throw t;
    }
  }

  private static String deviceToken(HttpServletRequest request) {
    if (request.getCookies() == null) {
      return null;
    }
    for (Cookie c : request.getCookies()) {
      if (DEVICE_COOKIE.equals(c.getName())
          && c.getValue().length() >= 32
          && c.getValue().length() <= 64) {
        return c.getValue();
      }
    }
    return null;
  }
}
