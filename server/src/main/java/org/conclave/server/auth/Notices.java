package org.conclave.server.auth;

import java.time.InstantSource;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Things a user must be told at their next visit, such as "someone tried too many passwords on your
 * account". Shown on the account page until dismissed.
 */
@Component
public class Notices {

  public record Notice(long id, String kind, String detail, long createdAt) {}

  public static final String ACCOUNT_THROTTLED = "account-throttled";

  /** At most one throttling notice per account per this interval, so a flood is one notice. */
  private static final long THROTTLE_NOTICE_INTERVAL_MS = 60 * 60 * 1000L;

  private final JdbcClient jdbc;
  private final InstantSource clock;

  Notices(JdbcClient jdbc, InstantSource clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** Records that the account was throttled, unless an unseen notice of this hour exists. */
  public void accountThrottled(long userId, String sourceAddress) {
    long now = clock.millis();
    long recent =
        jdbc.sql(
                """
                SELECT COUNT(*) FROM account_notices WHERE user_id = :u AND kind = :k
                AND seen_at IS NULL AND created_at > :since""")
            .param("u", userId)
            .param("k", ACCOUNT_THROTTLED)
            .param("since", now - THROTTLE_NOTICE_INTERVAL_MS)
            .query(Long.class)
            .single();
    if (recent == 0) {
      jdbc.sql(
              """
              INSERT INTO account_notices (user_id, kind, detail, created_at)
              VALUES (:u, :k, :d, :now)""")
          .param("u", userId)
          .param("k", ACCOUNT_THROTTLED)
          .param("d", "from " + sourceAddress)
          .param("now", now)
          .update();
    }
  }

  public List<Notice> unseen(long userId) {
    return jdbc.sql(
            """
            SELECT id, kind, detail, created_at FROM account_notices
            WHERE user_id = :u AND seen_at IS NULL ORDER BY created_at DESC""")
        .param("u", userId)
        .query(
            (rs, n) ->
                new Notice(
                    rs.getLong("id"),
                    rs.getString("kind"),
                    rs.getString("detail"),
                    rs.getLong("created_at")))
        .list();
  }

  /** Marks one of the user's notices as seen; false when it is not theirs or already dismissed. */
  public boolean dismiss(long userId, long noticeId) {
    return jdbc.sql(
                """
                UPDATE account_notices SET seen_at = :now
                WHERE id = :id AND user_id = :u AND seen_at IS NULL""")
            .param("now", clock.millis())
            .param("id", noticeId)
            .param("u", userId)
            .update()
        == 1;
  }
}
