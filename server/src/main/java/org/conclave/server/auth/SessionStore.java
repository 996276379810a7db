package org.conclave.server.auth;

import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import org.conclave.server.common.Secrets;
import org.conclave.server.config.ConclaveProperties;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;

/**
 * Browser sessions in the database. The cookie holds a 256-bit random token; the table holds its
 * SHA-256. A session ends when signed out, revoked, idle longer than the idle timeout, or older
 * than the absolute lifetime — whichever comes first.
 */
@Component
public class SessionStore {

  /** A session as stored. */
  public record Session(
      long id,
      long userId,
      Stage stage,
      String factors,
      long createdAt,
      long lastSeenAt,
      String sourceAddress,
      String userAgent) {}

  /** Whether the session has passed every required factor, or still owes a second one. */
  public enum Stage {
    SECOND_FACTOR,
    SIGNED_IN
  }

  /** A new session and the token to put in its cookie (never stored). */
  public record Created(Session session, String token) {}

  private static final RowMapper<Session> ROW =
      (rs, n) ->
          new Session(
              rs.getLong("id"),
              rs.getLong("user_id"),
              Stage.valueOf(rs.getString("stage")),
              rs.getString("factors"),
              rs.getLong("created_at"),
              rs.getLong("last_seen_at"),
              rs.getString("source_address"),
              rs.getString("user_agent"));

  /** Last-seen times are written at most this often per session, to spare the database. */
  private static final long TOUCH_INTERVAL_MS = 30_000;

  private final JdbcClient jdbc;
  private final InstantSource clock;
  private final ConclaveProperties.Sessions config;

  SessionStore(JdbcClient jdbc, InstantSource clock, ConclaveProperties properties) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.config = properties.sessions();
  }

  public Created create(
      long userId, Stage stage, String factors, String sourceAddress, String userAgent) {
    String token = Secrets.token();
    long now = clock.millis();
    var keys = new GeneratedKeyHolder();
    jdbc.sql(
            """
            INSERT INTO user_sessions (token_hash, user_id, stage, factors, created_at,
                                       last_seen_at, source_address, user_agent)
            VALUES (:h, :u, :s, :f, :now, :now, :ip, :ua)""")
        .param("h", Secrets.sha256Hex(token))
        .param("u", userId)
        .param("s", stage.name())
        .param("f", factors)
        .param("now", now)
        .param("ip", sourceAddress)
        .param("ua", userAgent == null ? null : truncate(userAgent, 300))
        .update(keys, "id");
    long id = keys.getKey().longValue();
    return new Created(
        new Session(id, userId, stage, factors, now, now, sourceAddress, userAgent), token);
  }

  /**
   * The live session for a cookie token, or empty when unknown, ended, idle too long or too old.
   * Refreshes its last-seen time.
   */
  public Optional<Session> findLive(String token) {
    if (token == null || token.isEmpty() || token.length() > 100) {
      return Optional.empty();
    }
    Optional<Session> found =
        jdbc.sql("SELECT * FROM user_sessions WHERE token_hash = :h AND ended_at IS NULL")
            .param("h", Secrets.sha256Hex(token))
            .query(ROW)
            .optional();
    if (found.isEmpty()) {
      return found;
    }
    Session s = found.get();
    long now = clock.millis();
    if (now - s.lastSeenAt() > config.idleTimeout().toMillis()
        || now - s.createdAt() > config.absoluteLifetime().toMillis()) {
      end(s.id());
      return Optional.empty();
    }
    if (now - s.lastSeenAt() > TOUCH_INTERVAL_MS) {
      jdbc.sql("UPDATE user_sessions SET last_seen_at = :now WHERE id = :id")
          .param("now", now)
          .param("id", s.id())
          .update();
    }
    return found;
  }

  /** The user's live sessions, newest first. */
  public List<Session> liveSessionsOf(long userId) {
    long now = clock.millis();
    return jdbc
        .sql(
            """
            SELECT * FROM user_sessions WHERE user_id = :u AND ended_at IS NULL
            AND stage = 'SIGNED_IN' ORDER BY created_at DESC""")
        .param("u", userId)
        .query(ROW)
        .list()
        .stream()
        .filter(s -> now - s.lastSeenAt() <= config.idleTimeout().toMillis())
        .filter(s -> now - s.createdAt() <= config.absoluteLifetime().toMillis())
        .toList();
  }

  /** Ends one session. Returns false when it was already ended. */
  public boolean end(long sessionId) {
    return jdbc.sql("UPDATE user_sessions SET ended_at = :now WHERE id = :id AND ended_at IS NULL")
            .param("now", clock.millis())
            .param("id", sessionId)
            .update()
        == 1;
  }

  /** Ends one of this user's sessions; false when it is not theirs or already ended. */
  public boolean endOwn(long userId, long sessionId) {
    return jdbc.sql(
                """
                UPDATE user_sessions SET ended_at = :now
                WHERE id = :id AND user_id = :u AND ended_at IS NULL""")
            .param("now", clock.millis())
            .param("id", sessionId)
            .param("u", userId)
            .update()
        == 1;
  }

  /** Ends every session of the user except {@code keep} (null: all). Returns how many ended. */
  public int endAllOf(long userId, Long keep) {
    return jdbc.sql(
            """
            UPDATE user_sessions SET ended_at = :now
            WHERE user_id = :u AND ended_at IS NULL AND (:keep IS NULL OR id <> :keep)""")
        .param("now", clock.millis())
        .param("u", userId)
        .param("keep", keep, java.sql.Types.BIGINT)
        .update();
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }
}
