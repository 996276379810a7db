package org.conclave.server.auth.tokens;

import org.conclave.server.account.AccountEvents;
import org.conclave.server.account.Users;
import org.conclave.server.audit.Actor;
import org.conclave.server.audit.AuditEvent;
import org.conclave.server.audit.AuditLog;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Revokes a user's API tokens when the account is disabled, in the same transaction. (The
 * authentication filter also refuses any token of a disabled account; revoking means the tokens
 * stay dead if the account is enabled again.)
 */
@Component
class ApiTokenEndings {

  private final ApiTokens tokens;
  private final Users users;
  private final AuditLog audit;

  ApiTokenEndings(ApiTokens tokens, Users users, AuditLog audit) {
    this.tokens = tokens;
    this.users = users;
    this.audit = audit;
  }

  @EventListener
  void on(AccountEvents.UserDisabled event) {
    int revoked = tokens.revokeAllOf(event.userId());
    if (revoked > 0) {
      audit.record(
          AuditEvent.API_TOKEN_REVOKED,
          Actor.system(),
          users.byId(event.userId()).map(u -> u.username()).orElse("user " + event.userId()),
          revoked + (revoked == 1 ? " token" : " tokens") + ": account disabled");
    }
  }
}
