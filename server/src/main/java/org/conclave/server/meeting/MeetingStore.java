package org.conclave.server.meeting;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** Reads and writes the meeting tables. Callers own the transaction. */
@Repository
class MeetingStore {

  /** A meeting row with its stored secrets, which never leave the meeting feature. */
  record Row(
      Meeting meeting,
      String passcodeSealed,
      String passcodeMac,
      String linkSecretSealed,
      String linkSecretHash) {}

  /** An invitation row with its sealed secret. */
  record InviteRow(Invite invite, String secretSealed) {}

  private final JdbcClient jdbc;
  private final JsonMapper json;

  MeetingStore(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  long insert(
      Meeting m, String passcodeSealed, String passcodeMac, String linkSealed, String linkHash) {
    GeneratedKeyHolder keys = new GeneratedKeyHolder();
    jdbc.sql(
            """
            INSERT INTO meetings (code, owner_id, kind, title, description, starts_at,
              duration_minutes, time_zone, recurrence, recurrence_count, settings,
              passcode_sealed, passcode_mac, link_secret_sealed, link_secret_hash,
              created_at, updated_at)
            VALUES (:code, :owner, :kind, :title, :description, :startsAt, :duration, :tz,
              :recurrence, :count, :settings, :pSealed, :pMac, :lSealed, :lHash, :now, :now)
            """)
        .param("code", m.code())
        .param("owner", m.ownerId())
        .param("kind", m.kind().name())
        .param("title", m.title())
        .param("description", m.description())
        .param("startsAt", m.startsAt())
        .param("duration", m.durationMinutes())
        .param("tz", m.timeZone())
        .param("recurrence", m.recurrence().name())
        .param("count", m.recurrenceCount())
        .param("settings", json.writeValueAsString(m.settings()))
        .param("pSealed", passcodeSealed)
        .param("pMac", passcodeMac)
        .param("lSealed", linkSealed)
        .param("lHash", linkHash)
        .param("now", m.createdAt())
        .update(keys, "id");
    long id = keys.getKey().longValue();
    setCohosts(id, m.cohostIds());
    return id;
  }

  void update(Meeting m) {
    jdbc.sql(
            """
            UPDATE meetings SET title = :title, description = :description, starts_at = :startsAt,
              duration_minutes = :duration, time_zone = :tz, recurrence = :recurrence,
              recurrence_count = :count, settings = :settings, updated_at = :now
            WHERE id = :id
            """)
        .param("id", m.id())
        .param("title", m.title())
        .param("description", m.description())
        .param("startsAt", m.startsAt())
        .param("duration", m.durationMinutes())
        .param("tz", m.timeZone())
        .param("recurrence", m.recurrence().name())
        .param("count", m.recurrenceCount())
        .param("settings", json.writeValueAsString(m.settings()))
        .param("now", m.updatedAt())
        .update();
    setCohosts(m.id(), m.cohostIds());
  }

  void setSecrets(
      long id,
      String passcodeSealed,
      String passcodeMac,
      String linkSealed,
      String linkHash,
      long now) {
    jdbc.sql(
            """
            UPDATE meetings SET passcode_sealed = :pSealed, passcode_mac = :pMac,
              link_secret_sealed = :lSealed, link_secret_hash = :lHash, updated_at = :now
            WHERE id = :id
            """)
        .param("id", id)
        .param("pSealed", passcodeSealed)
        .param("pMac", passcodeMac)
        .param("lSealed", linkSealed)
        .param("lHash", linkHash)
        .param("now", now)
        .update();
  }

  void markDeleted(long id, long now) {
    jdbc.sql("UPDATE meetings SET deleted_at = :now WHERE id = :id")
        .param("id", id)
        .param("now", now)
        .update();
  }

  private void setCohosts(long meetingId, Set<Long> cohosts) {
    jdbc.sql("DELETE FROM meeting_cohosts WHERE meeting_id = :id").param("id", meetingId).update();
    for (long user : cohosts) {
      jdbc.sql("INSERT INTO meeting_cohosts (meeting_id, user_id) VALUES (:m, :u)")
          .param("m", meetingId)
          .param("u", user)
          .update();
    }
  }

  Optional<Row> byId(long id) {
    return one("SELECT * FROM meetings WHERE id = :v AND deleted_at IS NULL", id);
  }

  Optional<Row> byCode(String code) {
    return one("SELECT * FROM meetings WHERE code = :v AND deleted_at IS NULL", code);
  }

  /** The passcode MAC of a live meeting, or null (no such meeting, or no passcode). */
  String passcodeMac(long id) {
    return jdbc.sql("SELECT passcode_mac FROM meetings WHERE id = :id AND deleted_at IS NULL")
        .param("id", id)
        .query(String.class)
        .optional()
        .orElse(null);
  }

  /** The link secret's SHA-256 of a live meeting, or null. */
  String linkSecretHash(long id) {
    return jdbc.sql("SELECT link_secret_hash FROM meetings WHERE id = :id AND deleted_at IS NULL")
        .param("id", id)
        .query(String.class)
        .optional()
        .orElse(null);
  }

  boolean codeTaken(String code) {
    return jdbc.sql("SELECT COUNT(*) FROM meetings WHERE code = :c")
            .param("c", code)
            .query(Long.class)
            .single()
        > 0;
  }

  Optional<Row> personalRoom(long ownerId) {
    return jdbc
        .sql(
            "SELECT * FROM meetings WHERE owner_id = :o AND kind = 'PERSONAL' AND deleted_at IS NULL")
        .param("o", ownerId)
        .query((rs, n) -> rs.getLong("id"))
        .list()
        .stream()
        .findFirst()
        .flatMap(this::byId);
  }

  /** Meetings the user owns or co-hosts, newest first. */
  List<Meeting> forUser(long userId, int limit) {
    List<Long> ids =
        jdbc.sql(
                """
                SELECT id FROM meetings WHERE deleted_at IS NULL AND (owner_id = :u
                  OR id IN (SELECT meeting_id FROM meeting_cohosts WHERE user_id = :u))
                ORDER BY created_at DESC, id DESC LIMIT :limit
                """)
            .param("u", userId)
            .param("limit", limit)
            .query(Long.class)
            .list();
    return ids.stream().map(this::byId).flatMap(Optional::stream).map(Row::meeting).toList();
  }

  private Optional<Row> one(String sql, Object value) {
    return jdbc.sql(sql)
        .param("v", value)
        .query(
            (rs, n) -> {
              long id = rs.getLong("id");
              long startsAt = rs.getLong("starts_at");
              Long starts = rs.wasNull() ? null : startsAt;
              int count = rs.getInt("recurrence_count");
              Integer recurrenceCount = rs.wasNull() ? null : count;
              Meeting m =
                  new Meeting(
                      id,
                      rs.getString("code"),
                      rs.getLong("owner_id"),
                      Meeting.Kind.valueOf(rs.getString("kind")),
                      rs.getString("title"),
                      rs.getString("description"),
                      starts,
                      rs.getInt("duration_minutes"),
                      rs.getString("time_zone"),
                      Meeting.Recurrence.valueOf(rs.getString("recurrence")),
                      recurrenceCount,
                      json.readValue(rs.getString("settings"), MeetingSettings.class),
                      Set.of(),
                      rs.getString("passcode_mac") != null,
                      rs.getLong("created_at"),
                      rs.getLong("updated_at"));
              return new Row(
                  m,
                  rs.getString("passcode_sealed"),
                  rs.getString("passcode_mac"),
                  rs.getString("link_secret_sealed"),
                  rs.getString("link_secret_hash"));
            })
        .optional()
        .map(
            r ->
                new Row(
                    withCohosts(r.meeting()),
                    r.passcodeSealed(),
                    r.passcodeMac(),
                    r.linkSecretSealed(),
                    r.linkSecretHash()));
  }

  private Meeting withCohosts(Meeting m) {
    Set<Long> cohosts =
        new HashSet<>(
            jdbc.sql("SELECT user_id FROM meeting_cohosts WHERE meeting_id = :m")
                .param("m", m.id())
                .query(Long.class)
                .list());
    return new Meeting(
        m.id(),
        m.code(),
        m.ownerId(),
        m.kind(),
        m.title(),
        m.description(),
        m.startsAt(),
        m.durationMinutes(),
        m.timeZone(),
        m.recurrence(),
        m.recurrenceCount(),
        m.settings(),
        Set.copyOf(cohosts),
        m.passcodeSet(),
        m.createdAt(),
        m.updatedAt());
  }

  // ---- invitations ----

  long insertInvite(Invite i, String secretSealed, String secretHash) {
    GeneratedKeyHolder keys = new GeneratedKeyHolder();
    jdbc.sql(
            """
            INSERT INTO meeting_invites (meeting_id, name, email, user_id, secret_sealed,
              secret_hash, created_at)
            VALUES (:m, :name, :email, :user, :sealed, :hash, :now)
            """)
        .param("m", i.meetingId())
        .param("name", i.name())
        .param("email", i.email())
        .param("user", i.userId())
        .param("sealed", secretSealed)
        .param("hash", secretHash)
        .param("now", i.createdAt())
        .update(keys, "id");
    return keys.getKey().longValue();
  }

  List<InviteRow> invites(long meetingId) {
    return jdbc.sql("SELECT * FROM meeting_invites WHERE meeting_id = :m ORDER BY id")
        .param("m", meetingId)
        .query((rs, n) -> inviteRow(rs))
        .list();
  }

  Optional<InviteRow> inviteBySecretHash(long meetingId, String hash) {
    return jdbc.sql("SELECT * FROM meeting_invites WHERE meeting_id = :m AND secret_hash = :h")
        .param("m", meetingId)
        .param("h", hash)
        .query((rs, n) -> inviteRow(rs))
        .optional();
  }

  Optional<InviteRow> invite(long meetingId, long inviteId) {
    return jdbc.sql("SELECT * FROM meeting_invites WHERE meeting_id = :m AND id = :i")
        .param("m", meetingId)
        .param("i", inviteId)
        .query((rs, n) -> inviteRow(rs))
        .optional();
  }

  boolean revokeInvite(long meetingId, long inviteId, long now) {
    return jdbc.sql(
                """
                UPDATE meeting_invites SET revoked_at = :now
                WHERE meeting_id = :m AND id = :i AND revoked_at IS NULL
                """)
            .param("m", meetingId)
            .param("i", inviteId)
            .param("now", now)
            .update()
        == 1;
  }

  boolean invitedAccount(long meetingId, long userId) {
    return jdbc.sql(
                """
                SELECT COUNT(*) FROM meeting_invites
                WHERE meeting_id = :m AND user_id = :u AND revoked_at IS NULL
                """)
            .param("m", meetingId)
            .param("u", userId)
            .query(Long.class)
            .single()
        > 0;
  }

  private static InviteRow inviteRow(java.sql.ResultSet rs) throws java.sql.SQLException {
    long user = rs.getLong("user_id");
    Long userId = rs.wasNull() ? null : user;
    long revoked = rs.getLong("revoked_at");
    Long revokedAt = rs.wasNull() ? null : revoked;
    return new InviteRow(
        new Invite(
            rs.getLong("id"),
            rs.getLong("meeting_id"),
            rs.getString("name"),
            rs.getString("email"),
            userId,
            rs.getLong("created_at"),
            revokedAt),
        rs.getString("secret_sealed"));
  }

  // ---- bans ----

  void insertBan(Ban ban, long now) {
    jdbc.sql(
            """
            INSERT INTO meeting_bans (meeting_id, kind, ban_value, created_at)
            VALUES (:m, :k, :v, :now)
            """)
        .param("m", ban.meetingId())
        .param("k", ban.kind().name())
        .param("v", ban.value())
        .param("now", now)
        .update();
  }

  List<Ban> bans(long meetingId) {
    return jdbc.sql("SELECT kind, ban_value FROM meeting_bans WHERE meeting_id = :m")
        .param("m", meetingId)
        .query(
            (rs, n) ->
                new Ban(
                    meetingId, Ban.Kind.valueOf(rs.getString("kind")), rs.getString("ban_value")))
        .list();
  }
}
