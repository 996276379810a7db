package org.conclave.server.auth.mfa;

import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import org.conclave.server.common.Secrets;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;

/**
 * The {@code passkeys} table and each account's WebAuthn user handle ({@code passkey_users}).
 * Credential ids and the serialised attested credential data (which holds the public key) are
 * stored base64url; nothing here is secret.
 */
@Component
class PasskeyStore {

  /** A registered passkey. {@code attestationFormat} is the format name only, e.g. "none". */
  record Passkey(
      long id,
      long userId,
      String credentialId,
      String name,
      String attestedCredentialData,
      String attestationFormat,
      long signCount,
      long createdAt,
      Long lastUsedAt,
      String transports,
      boolean uvInitialized,
      boolean backupEligible,
      boolean backupState) {}

  private static final RowMapper<Passkey> ROW =
      (rs, n) ->
          new Passkey(
              rs.getLong("id"),
              rs.getLong("user_id"),
              rs.getString("credential_id"),
              rs.getString("name"),
              rs.getString("attested_credential_data"),
              rs.getString("attestation_statement"),
              rs.getLong("sign_count"),
              rs.getLong("created_at"),
              (Long) rs.getObject("last_used_at", Long.class),
              rs.getString("transports"),
              rs.getBoolean("uv_initialized"),
              rs.getBoolean("backup_eligible"),
              rs.getBoolean("backup_state"));

  private final JdbcClient jdbc;
  private final InstantSource clock;

  PasskeyStore(JdbcClient jdbc, InstantSource clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  List<Passkey> ofUser(long userId) {
    return jdbc.sql("SELECT * FROM passkeys WHERE user_id = :u ORDER BY created_at, id")
        .param("u", userId)
        .query(ROW)
        .list();
  }

  int count(long userId) {
    return jdbc.sql("SELECT COUNT(*) FROM passkeys WHERE user_id = :u")
        .param("u", userId)
        .query(Long.class)
        .single()
        .intValue();
  }

  Optional<Passkey> byCredentialId(String credentialId) {
    return jdbc.sql("SELECT * FROM passkeys WHERE credential_id = :c")
        .param("c", credentialId)
        .query(ROW)
        .optional();
  }

  long insert(Passkey p) {
    var keys = new GeneratedKeyHolder();
    jdbc.sql(
            """
            INSERT INTO passkeys (user_id, credential_id, name, attested_credential_data,
                                  attestation_statement, sign_count, created_at, transports,
                                  uv_initialized, backup_eligible, backup_state)
            VALUES (:u, :c, :n, :acd, :fmt, :count, :now, :tr, :uv, :be, :bs)""")
        .param("u", p.userId())
        .param("c", p.credentialId())
        .param("n", p.name())
        .param("acd", p.attestedCredentialData())
        .param("fmt", p.attestationFormat())
        .param("count", p.signCount())
        .param("now", clock.millis())
        .param("tr", p.transports())
        .param("uv", p.uvInitialized())
        .param("be", p.backupEligible())
        .param("bs", p.backupState())
        .update(keys, "id");
    return keys.getKey().longValue();
  }

  /**
   * Records a verified use. The update only applies when the stored count is still the one the
   * verification compared against, so two assertions racing with one counter value succeed once.
   */
  boolean recordUse(Passkey p, long newSignCount, boolean backupState) {
    return jdbc.sql(
                """
                UPDATE passkeys SET sign_count = :new, last_used_at = :now, backup_state = :bs
                WHERE id = :id AND sign_count = :old""")
            .param("new", newSignCount)
            .param("now", clock.millis())
            .param("bs", backupState)
            .param("id", p.id())
            .param("old", p.signCount())
            .update()
        == 1;
  }

  /** Deletes one of the user's passkeys; empty when it is not theirs. */
  Optional<Passkey> delete(long userId, long passkeyId) {
    Optional<Passkey> found =
        jdbc.sql("SELECT * FROM passkeys WHERE id = :id AND user_id = :u")
            .param("id", passkeyId)
            .param("u", userId)
            .query(ROW)
            .optional();
    found.ifPresent(
        p -> jdbc.sql("DELETE FROM passkeys WHERE id = :id").param("id", p.id()).update());
    return found;
  }

  /** The account's WebAuthn user handle (base64url of 32 random bytes), made on first use. */
  String userHandle(long userId) {
    Optional<String> existing =
        jdbc.sql("SELECT user_handle FROM passkey_users WHERE user_id = :u")
            .param("u", userId)
            .query(String.class)
            .optional();
    if (existing.isPresent()) {
      return existing.get();
    }
    String handle = Secrets.token(32);
    jdbc.sql("INSERT INTO passkey_users (user_id, user_handle) VALUES (:u, :h)")
        .param("u", userId)
        .param("h", handle)
        .update();
    return handle;
  }

  /** The account a user handle belongs to. */
  Optional<Long> userOfHandle(String handle) {
    return jdbc.sql("SELECT user_id FROM passkey_users WHERE user_handle = :h")
        .param("h", handle)
        .query(Long.class)
        .optional();
  }
}
