package org.conclave.server.auth.mfa;

import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The TOTP columns of {@code users}: the secret (encrypted, see {@link TotpSecretCipher}), whether
 * it is confirmed, and the last time step accepted. A secret that is stored but not enabled is a
 * pending set-up, waiting for its first code.
 */
@Component
class TotpSettings {

  /** A user's TOTP state, with the secret decrypted; {@code secret} is null when there is none. */
  record State(String secret, boolean enabled, long lastStep) {
    boolean pending() {
      return secret != null && !enabled;
    }
  }

  private final JdbcClient jdbc;
  private final TotpSecretCipher cipher;

  TotpSettings(JdbcClient jdbc, TotpSecretCipher cipher) {
    this.jdbc = jdbc;
    this.cipher = cipher;
  }

  Optional<State> of(long userId) {
    record Row(String stored, boolean enabled, long lastStep) {}
    return jdbc.sql("SELECT totp_secret, totp_enabled, totp_last_step FROM users WHERE id = :id")
        .param("id", userId)
        .query(
            (rs, n) ->
                new Row(
                    rs.getString("totp_secret"),
                    rs.getBoolean("totp_enabled"),
                    rs.getLong("totp_last_step")))
        .optional()
        .map(
            r ->
                new State(
                    r.stored() == null ? null : cipher.decrypt(userId, r.stored()),
                    r.enabled(),
                    r.lastStep()));
  }

  /** Stores a new, not yet confirmed secret (replacing an earlier unconfirmed one). */
  void setPending(long userId, String secret) {
    jdbc.sql(
            """
            UPDATE users SET totp_secret = :s, totp_enabled = FALSE
            WHERE id = :id AND totp_enabled = FALSE""")
        .param("s", cipher.encrypt(userId, secret))
        .param("id", userId)
        .update();
  }

  /**
   * Records that the code of {@code step} was used. Returns false when that step or a later one was
   * used already (a replayed code); the condition in the update makes this hold under concurrency.
   */
  boolean claimStep(long userId, long step) {
    return jdbc.sql(
                """
                UPDATE users SET totp_last_step = :step
                WHERE id = :id AND totp_last_step < :step AND totp_secret IS NOT NULL""")
            .param("step", step)
            .param("id", userId)
            .update()
        == 1;
  }

  void enable(long userId) {
    jdbc.sql("UPDATE users SET totp_enabled = TRUE WHERE id = :id AND totp_secret IS NOT NULL")
        .param("id", userId)
        .update();
  }

  /**
   * Forgets the secret, confirmed or pending. The step record goes with it: codes of the old secret
   * cannot match a new one anyway.
   */
  void clear(long userId) {
    jdbc.sql(
            """
            UPDATE users SET totp_secret = NULL, totp_enabled = FALSE, totp_last_step = 0
            WHERE id = :id""")
        .param("id", userId)
        .update();
  }
}
