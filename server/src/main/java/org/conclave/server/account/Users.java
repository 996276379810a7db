package org.conclave.server.account;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reads and writes the {@code users} table. Usernames are stored and looked up in lower case. */
@Repository
public class Users {

  static final RowMapper<User> ROW =
      (rs, n) ->
          new User(
              rs.getLong("id"),
              rs.getString("username"),
              rs.getString("display_name"),
              rs.getString("email"),
              Role.valueOf(rs.getString("role")),
              rs.getString("password_hash"),
              rs.getBoolean("disabled"),
              rs.getLong("created_at"),
              rs.getBoolean("totp_enabled"));

  private final JdbcClient jdbc;

  Users(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The canonical form of a user name: trimmed, NFKC-normalised, lower case. */
  public static String normalise(String username) {
    return java.text.Normalizer.normalize(username.strip(), java.text.Normalizer.Form.NFKC)
        .toLowerCase(Locale.ROOT);
  }

  public Optional<User> byId(long id) {
    return jdbc.sql("SELECT * FROM users WHERE id = :id").param("id", id).query(ROW).optional();
  }

  public Optional<User> byUsername(String username) {
    return jdbc.sql("SELECT * FROM users WHERE username = :u")
        .param("u", normalise(username))
        .query(ROW)
        .optional();
  }

  public Optional<User> byEmail(String email) {
    return jdbc.sql("SELECT * FROM users WHERE LOWER(email) = :e")
        .param("e", email.strip().toLowerCase(Locale.ROOT))
        .query(ROW)
        .optional();
  }

  /**
   * The account whose e-mail address is vouched for (set by an administrator or a single sign-on
   * provider, not typed in at self-registration). Single sign-on must match accounts by e-mail only
   * through this, or someone could register with another person's address and wait for them.
   */
  public Optional<User> byVerifiedEmail(String email) {
    return jdbc.sql("SELECT * FROM users WHERE LOWER(email) = :e AND email_verified")
        .param("e", email.strip().toLowerCase(Locale.ROOT))
        .query(ROW)
        .optional();
  }

  public Optional<User> byOidcSubject(String issuer, String subject) {
    return jdbc.sql("SELECT * FROM users WHERE oidc_issuer = :i AND oidc_subject = :s")
        .param("i", issuer)
        .param("s", subject)
        .query(ROW)
        .optional();
  }

  public List<User> all() {
    return jdbc.sql("SELECT * FROM users ORDER BY username").query(ROW).list();
  }

  public boolean anyAdmin() {
    return jdbc.sql("SELECT COUNT(*) FROM users WHERE role = 'ADMIN'").query(Long.class).single()
        > 0;
  }

  long insert(
      String username, String displayName, String email, Role role, String passwordHash, long now) {
    return insert(username, displayName, email, true, role, passwordHash, now);
  }

  /**
   * Inserts an account; {@code emailVerified}: whether someone we trust vouches for the address.
   */
  long insert(
      String username,
      String displayName,
      String email,
      boolean emailVerified,
      Role role,
      String passwordHash,
      long now) {
    var keys = new org.springframework.jdbc.support.GeneratedKeyHolder();
    jdbc.sql(
            """
            INSERT INTO users (username, display_name, email, email_verified, role, password_hash,
                               password_changed_at, created_at)
            VALUES (:u, :d, :e, :v, :r, :p, :pc, :now)""")
        .param("u", normalise(username))
        .param("d", displayName)
        .param("e", email == null || email.isBlank() ? null : email.strip())
        .param("v", emailVerified)
        .param("r", role.name())
        .param("p", passwordHash)
        .param("pc", passwordHash == null ? null : now)
        .param("now", now)
        .update(keys, "id");
    return keys.getKey().longValue();
  }

  void setPasswordHash(long userId, String hash, long now) {
    jdbc.sql("UPDATE users SET password_hash = :h, password_changed_at = :now WHERE id = :id")
        .param("h", hash)
        .param("now", now)
        .param("id", userId)
        .update();
  }

  /** Replaces the stored hash without counting it as a password change (parameter upgrade). */
  public void rehash(long userId, String hash) {
    jdbc.sql("UPDATE users SET password_hash = :h WHERE id = :id")
        .param("h", hash)
        .param("id", userId)
        .update();
  }

  void setDisabled(long userId, boolean disabled) {
    jdbc.sql("UPDATE users SET disabled = :d WHERE id = :id")
        .param("d", disabled)
        .param("id", userId)
        .update();
  }

  /** Whether the account is already linked to a single sign-on identity. */
  public boolean hasOidcLink(long userId) {
    return jdbc.sql("SELECT COUNT(*) FROM users WHERE id = :id AND oidc_subject IS NOT NULL")
            .param("id", userId)
            .query(Long.class)
            .single()
        > 0;
  }

  public void linkOidc(long userId, String issuer, String subject) {
    jdbc.sql("UPDATE users SET oidc_issuer = :i, oidc_subject = :s WHERE id = :id")
        .param("i", issuer)
        .param("s", subject)
        .param("id", userId)
        .update();
  }
}
