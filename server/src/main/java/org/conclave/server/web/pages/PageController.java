package org.conclave.server.web.pages;

import org.conclave.server.auth.SignedInUser;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The addresses of the browser client's pages. Each page is a static HTML file (under {@code
 * static/}) that loads its own ES module; the pages hold no data, they fetch it from {@code
 * /api/v1} where every request is authorized. Forwarding keeps the addresses clean ({@code
 * /sign-in}, not {@code /sign-in.html}).
 */
@Controller
class PageController {

  /** The start page: the account page when signed in, else the sign-in page. */
  @GetMapping("/")
  String home(@AuthenticationPrincipal SignedInUser user) {
    if (user == null) {
      return "redirect:/sign-in";
    }
    return user.secondFactorPending() ? "redirect:/sign-in/second-factor" : "redirect:/account";
  }

  @GetMapping("/sign-in")
  String signIn() {
    return "forward:/sign-in.html";
  }

  @GetMapping("/sign-in/second-factor")
  String secondFactor() {
    return "forward:/second-factor.html";
  }

  @GetMapping("/account")
  String account() {
    return "forward:/account.html";
  }

  @GetMapping("/admin/users")
  String adminUsers() {
    return "forward:/admin-users.html";
  }

  /** The first administrator's set-up; the one-time token is in the URL fragment. */
  @GetMapping("/setup")
  String setup() {
    return "forward:/setup.html";
  }

  /** Accepting an invitation; the token is in the URL fragment, never sent to the server. */
  @GetMapping("/invite")
  String invite() {
    return "forward:/invite.html";
  }

  @GetMapping("/register")
  String register() {
    return "forward:/register.html";
  }

  /** The signed-in person's meetings: personal room, scheduling, the list. */
  @GetMapping("/meetings")
  String meetings() {
    return "forward:/meetings.html";
  }

  /** One meeting's details, passcode, invitations and settings (the data comes from the API). */
  @GetMapping("/meetings/{id:\\d{1,18}}")
  String meetingDetails() {
    return "forward:/meeting-details.html";
  }

  /**
   * A meeting's page, the same static file for every code: whether a meeting exists is only ever
   * learnt by entering it (POST /api/v1/join). The link's secret is in the fragment, never sent.
   */
  @GetMapping("/j/{code}")
  String meeting() {
    return "forward:/meeting.html";
  }
}
