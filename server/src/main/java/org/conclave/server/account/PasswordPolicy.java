package org.conclave.server.account;

import java.util.List;
import org.conclave.server.config.ConclaveProperties;
import org.springframework.stereotype.Component;

/** Password rules after NIST SP 800-63B: length limits, no composition rules. Thread-safe. */
@Component
public class PasswordPolicy {

  private final ConclaveProperties.Passwords rules;

  PasswordPolicy(ConclaveProperties properties) {
    this.rules = properties.passwords();
  }

  /**
   * Judges a candidate password.
   *
   * @param contextWords words the password must not be built from (the user's names, e-mail)
   */
  public PasswordVerdict check(String candidate, List<String> contextWords) {
    int length = candidate.codePointCount(0, candidate.length());
    if (length < rules.minLength()) {
      return PasswordVerdict.refused(
          0,
          "too-short",
          "Use at least " + rules.minLength() + " characters; a few unrelated words work well.");
    }
    if (length > rules.maxLength()) {
      return PasswordVerdict.refused(
          0, "too-long", "Use at most " + rules.maxLength() + " characters.");
    }
    return PasswordVerdict.ok(4);
  }
}
