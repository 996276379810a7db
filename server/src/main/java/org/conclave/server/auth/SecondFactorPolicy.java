package org.conclave.server.auth;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.conclave.server.account.Role;
import org.conclave.server.config.ConclaveProperties;
import org.springframework.stereotype.Component;

/**
 * The organisation's rule {@code conclave.accounts.require-second-factor-for}: the roles whose
 * sessions must have proven a second factor. A session of such a role that proved only a password
 * (the account has no second factor yet) may do nothing but enrol one: see {@link
 * SessionAuthenticationFilter#ENROLMENT_ONLY}.
 *
 * <p>The decision looks at what the session proved, not at what the account has: a password-only
 * session does not gain rights because a second factor was enrolled elsewhere.
 */
@Component
public class SecondFactorPolicy {

  /** The factor names a session's {@code factors} may contain besides "password". */
  public static final Set<String> SECOND_FACTORS = Set.of("totp", "passkey", "recovery-code");

  private final Set<String> requiredRoles;

  SecondFactorPolicy(ConclaveProperties properties) {
    this.requiredRoles =
        properties.accounts().requireSecondFactorFor().stream()
            .map(r -> r.strip().toUpperCase(Locale.ROOT))
            .collect(Collectors.toUnmodifiableSet());
  }

  /** Whether the organisation requires a second factor of this role. */
  public boolean requiredFor(Role role) {
    return requiredRoles.contains(role.name());
  }

  /** Whether a session's factors (e.g. "password+totp") include a second factor. */
  public static boolean provesSecondFactor(String factors) {
    if (factors == null) {
      return false;
    }
    for (String f : factors.split("\\+")) {
      if (SECOND_FACTORS.contains(f)) {
        return true;
      }
    }
    return false;
  }

  /** Whether a signed-in session of this role, having proved these factors, may only enrol. */
  public boolean restrictsToEnrolment(Role role, String factors) {
    return requiredFor(role) && !provesSecondFactor(factors);
  }
}
