package org.conclave.server.auth.mfa;

import java.sql.Types;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Optional;
import org.conclave.server.common.Secrets;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * WebAuthn challenges ({@code auth_challenges}): 256 random bits each, addressed by a random id the
 * browser sends back, bound to a purpose and (except for passwordless sign-in) to an account, valid
 * for {@link #LIFETIME}, and usable once: {@link #consume} deletes the row whatever the outcome.
 * Issuing a challenge drops expired ones and the account's earlier ones of the same purpose, so the
 * table stays small.
 */
@Component
class Challenges {

  /** What a challenge is for. The stored names are stable. */
  enum Purpose {
    REGISTER,
    SECOND_FACTOR,
    PASSWORDLESS
  }

  static final Duration LIFETIME = Duration.ofMinutes(5);

  /** A challenge handed to the browser. */
  record Issued(String id, byte[] challenge) {}

  private final JdbcClient jdbc;
  private final InstantSource clock;

  Challenges(JdbcClient jdbc, InstantSource clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  Issued issue(Purpose purpose, Long userId) {
    long now = clock.millis();
    jdbc.sql("DELETE FROM auth_challenges WHERE expires_at < :now").param("now", now).update();
    if (userId != null) {
      jdbc.sql("DELETE FROM auth_challenges WHERE user_id = :u AND purpose = :p")
          .param("u", userId)
          .param("p", purpose.name())
          .update();
    }
    byte[] challenge = new byte[32];
    Secrets.random().nextBytes(challenge);
    String id = Secrets.token(24);
    jdbc.sql(
            """
            INSERT INTO auth_challenges (id, purpose, challenge, user_id, expires_at)
            VALUES (:id, :p, :c, :u, :exp)""")
        .param("id", id)
        .param("p", purpose.name())
        .param("c", Base64.getUrlEncoder().withoutPadding().encodeToString(challenge))
        .param("u", userId, Types.BIGINT)
        .param("exp", now + LIFETIME.toMillis())
        .update();
    return new Issued(id, challenge);
  }

  /**
   * Takes a challenge out of the table. Returns its bytes when it exists, has this purpose, belongs
   * to this account (null: to none) and has not expired; otherwise empty. Either way it cannot be
   * used again.
   */
  Optional<byte[]> consume(String id, Purpose purpose, Long userId) {
    if (id == null || id.length() > 64) {
      return Optional.empty();
    }
    record Row(String purpose, String challenge, Long userId, long expiresAt) {}
    Optional<Row> row =
        jdbc.sql(
                "SELECT purpose, challenge, user_id, expires_at FROM auth_challenges WHERE id = :id")
            .param("id", id)
            .query(
                (rs, n) ->
                    new Row(
                        rs.getString("purpose"),
                        rs.getString("challenge"),
                        (Long) rs.getObject("user_id", Long.class),
                        rs.getLong("expires_at")))
            .optional();
    if (row.isEmpty()) {
      return Optional.empty();
    }
    int deleted = jdbc.sql("DELETE FROM auth_challenges WHERE id = :id").param("id", id).update();
    Row r = row.get();
    boolean valid =
        deleted == 1
            && r.purpose().equals(purpose.name())
            && java.util.Objects.equals(r.userId(), userId)
            && r.expiresAt() >= clock.millis();
    return valid ? Optional.of(Base64.getUrlDecoder().decode(r.challenge())) : Optional.empty();
  }
}
