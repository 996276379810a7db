package org.conclave.server.auth;

import java.util.List;
import org.conclave.server.common.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The user's unseen notices (such as "someone tried too many passwords on your account") and
 * dismissing them. Reading is open to an API token with {@code account:read}; dismissing needs the
 * browser session, as every change to the account does.
 */
@RestController
class AccountNoticesController {

  private final Notices notices;

  AccountNoticesController(Notices notices) {
    this.notices = notices;
  }

  /** Newest first: {@code [{id, kind, detail, createdAt}]}, times in epoch milliseconds. */
  @GetMapping("/api/v1/account/notices")
  List<Notices.Notice> list(@AuthenticationPrincipal SignedInUser user) {
    return notices.unseen(user.id());
  }

  @PostMapping("/api/v1/account/notices/{id}/dismiss")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void dismiss(@AuthenticationPrincipal SignedInUser user, @PathVariable("id") long id) {
    user.requireBrowserSession();
    if (!notices.dismiss(user.id(), id)) {
      throw ApiException.notFound("You have no unseen notice with this id.");
    }
  }
}
