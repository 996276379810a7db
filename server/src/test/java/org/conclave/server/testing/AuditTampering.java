package org.conclave.server.testing;

import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Changes the stored audit log behind the application's back, the way someone with database access
 * could, and puts it back on {@link #close()} so that other tests sharing the database see an
 * intact chain again. Use in try-with-resources.
 */
public final class AuditTampering implements AutoCloseable {

  private final JdbcClient jdbc;
  private final Map<String, Object> original;
  private final boolean deleted;

  private AuditTampering(JdbcClient jdbc, long seq, boolean deleted) {
    this.jdbc = jdbc;
    this.original =
        jdbc.sql("SELECT * FROM audit_log WHERE seq = :seq").param("seq", seq).query().singleRow();
    this.deleted = deleted;
  }

  /** Rewrites the detail text of entry {@code seq}: {@code UPDATE audit_log SET detail = ...}. */
  public static AuditTampering editDetail(JdbcClient jdbc, long seq, String detail) {
    AuditTampering t = new AuditTampering(jdbc, seq, false);
    jdbc.sql("UPDATE audit_log SET detail = :d WHERE seq = :seq")
        .param("d", detail)
        .param("seq", seq)
        .update();
    return t;
  }

  /** Removes entry {@code seq}: {@code DELETE FROM audit_log WHERE seq = ...}. */
  public static AuditTampering delete(JdbcClient jdbc, long seq) {
    AuditTampering t = new AuditTampering(jdbc, seq, true);
    jdbc.sql("DELETE FROM audit_log WHERE seq = :seq").param("seq", seq).update();
    return t;
  }

  /** The highest sequence number stored now. */
  public static long lastSeq(JdbcClient jdbc) {
    return jdbc.sql("SELECT MAX(seq) FROM audit_log").query(Long.class).single();
  }

  @Override
  public void close() {
    Object seq = value("seq");
    if (deleted) {
      jdbc.sql(
              """
              INSERT INTO audit_log (seq, at, event, actor_user_id, actor, source_address, subject,
                                     detail, prev_hash, hash)
              VALUES (:seq, :at, :event, :actorUserId, :actor, :sourceAddress, :subject, :detail,
                      :prevHash, :hash)""")
          .param("seq", seq)
          .param("at", value("at"))
          .param("event", value("event"))
          .param("actorUserId", value("actor_user_id"), java.sql.Types.BIGINT)
          .param("actor", value("actor"), java.sql.Types.VARCHAR)
          .param("sourceAddress", value("source_address"), java.sql.Types.VARCHAR)
          .param("subject", value("subject"), java.sql.Types.VARCHAR)
          .param("detail", value("detail"), java.sql.Types.VARCHAR)
          .param("prevHash", value("prev_hash"))
          .param("hash", value("hash"))
          .update();
    } else {
      jdbc.sql("UPDATE audit_log SET detail = :d WHERE seq = :seq")
          .param("d", value("detail"), java.sql.Types.VARCHAR)
          .param("seq", seq)
          .update();
    }
  }

  private Object value(String column) {
    // H2 and PostgreSQL report column names in different cases.
    for (var e : original.entrySet()) {
      if (e.getKey().equalsIgnoreCase(column)) {
        return e.getValue();
      }
    }
    return null;
  }
}
