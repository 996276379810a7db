package org.conclave.server.auth;

import org.conclave.server.account.AccountEvents;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Ends sessions when the account feature says so, in the same transaction as the change. */
@Component
class SessionEndings {

  private final SessionStore sessions;

  SessionEndings(SessionStore sessions) {
    this.sessions = sessions;
  }

  @EventListener
  void on(AccountEvents.PasswordChanged event) {
    sessions.endAllOf(event.userId(), event.keepSessionId());
  }

  @EventListener
  void on(AccountEvents.UserDisabled event) {
    sessions.endAllOf(event.userId(), null);
  }
}
