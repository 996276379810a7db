package org.conclave.server.account;

import java.util.List;
import org.conclave.server.config.ConclaveProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The Argon2id hashes of each user's last {@code conclave.passwords.history} passwords (the current
 * one included), so that none of them can be chosen again. Writes join the caller's transaction.
 */
@Component
class PasswordHistory {

  private final JdbcClient jdbc;
  private final PasswordHasher hasher;
  private final int keep;

  PasswordHistory(JdbcClient jdbc, PasswordHasher hasher, ConclaveProperties properties) {
    this.jdbc = jdbc;
    this.hasher = hasher;
    this.keep = properties.passwords().history();
  }

  /** How many passwords are remembered per user. */
  int size() {
    return keep;
  }

  /**
   * True when the candidate is one of the user's remembered passwords. Costs one Argon2id check per
   * remembered password; callers rate-limit. The user is authenticated, so the checks use the
   * trusted lane of the hasher.
   */
  boolean contains(long userId, String candidate) {
    List<String> recent =
        jdbc.sql(
                "SELECT password_hash FROM password_history WHERE user_id = :u"
                    + " ORDER BY id DESC LIMIT :n")
            .param("u", userId)
            .param("n", keep)
            .query(String.class)
            .list();
    boolean found = false;
    for (String hash : recent) {
      // Check every entry, not just until the first match, so timing reveals nothing.
      found |= hasher.matches(candidate, hash, PasswordHasher.Lane.TRUSTED);
    }
    return found;
  }

  /** Remembers a new password's hash and forgets all but the newest {@link #size()}. */
  void remember(long userId, String hash, long now) {
    jdbc.sql(
            "INSERT INTO password_history (user_id, password_hash, created_at) VALUES (:u, :h, :now)")
        .param("u", userId)
        .param("h", hash)
        .param("now", now)
        .update();
    jdbc.sql(
            """
            DELETE FROM password_history WHERE user_id = :u AND id NOT IN (
              SELECT id FROM (SELECT id FROM password_history WHERE user_id = :u
                              ORDER BY id DESC LIMIT :n) AS keep)""")
        .param("u", userId)
        .param("n", keep)
        .update();
  }
}
