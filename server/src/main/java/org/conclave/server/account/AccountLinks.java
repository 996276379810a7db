package org.conclave.server.account;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import org.conclave.server.common.Secrets;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Single-use, expiring links: the administrator set-up link and account invitations. Only the
 * token's hash is stored; {@link #consume} marks a link used in the caller's transaction.
 */
@Component
class AccountLinks {

  enum Purpose {
    SETUP,
    INVITE
  }

  record Link(long id, Purpose purpose, Long userId, long expiresAt, Long usedAt) {}

  private final JdbcClient jdbc;
  private final InstantSource clock;

  AccountLinks(JdbcClient jdbc, InstantSource clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** Makes a new link and returns its token (to put in the URL). */
  String create(Purpose purpose, Long userId, Duration lifetime) {
    String token = Secrets.token();
    long now = clock.millis();
    jdbc.sql(
            """
            INSERT INTO account_links (purpose, token_hash, user_id, created_at, expires_at)
            VALUES (:p, :h, :u, :now, :exp)""")
        .param("p", purpose.name())
        .param("h", Secrets.sha256Hex(token))
        .param("u", userId)
        .param("now", now)
        .param("exp", now + lifetime.toMillis())
        .update();
    return token;
  }

  /** Finds a link that exists, has this purpose, is unused and unexpired. */
  Optional<Link> valid(String token, Purpose purpose) {
    if (token == null || token.isEmpty() || token.length() > 100) {
      return Optional.empty();
    }
    return jdbc.sql("SELECT * FROM account_links WHERE token_hash = :h")
        .param("h", Secrets.sha256Hex(token))
        .query(
            (rs, n) ->
                new Link(
                    rs.getLong("id"),
                    Purpose.valueOf(rs.getString("purpose")),
                    (Long) rs.getObject("user_id", Long.class),
                    rs.getLong("expires_at"),
                    (Long) rs.getObject("used_at", Long.class)))
        .optional()
        .filter(l -> l.purpose() == purpose)
        .filter(l -> l.usedAt() == null)
        .filter(l -> l.expiresAt() > clock.millis());
  }

  /**
   * Marks a valid link used. Returns empty when the link is unknown, expired or already used —
   * including when another request used it a moment ago (the update is conditional).
   */
  Optional<Link> consume(String token, Purpose purpose) {
    Optional<Link> link = valid(token, purpose);
    if (link.isEmpty()) {
      return link;
    }
    int updated =
        jdbc.sql("UPDATE account_links SET used_at = :now WHERE id = :id AND used_at IS NULL")
            .param("now", clock.millis())
            .param("id", link.get().id())
            .update();
    return updated == 1 ? link : Optional.empty();
  }

  /** Ends every unused link of this purpose (e.g. older invitations when a new one is sent). */
  void revokeAll(Purpose purpose, Long userId) {
    jdbc.sql(
            """
            UPDATE account_links SET used_at = :now
            WHERE purpose = :p AND used_at IS NULL AND (:u IS NULL OR user_id = :u)""")
        .param("now", clock.millis())
        .param("p", purpose.name())
        .param("u", userId, java.sql.Types.BIGINT)
        .update();
  }
}
