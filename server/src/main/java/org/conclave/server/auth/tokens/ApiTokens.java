package org.conclave.server.auth.tokens;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.conclave.server.account.User;
import org.conclave.server.account.Users;
import org.conclave.server.audit.Actor;
import org.conclave.server.audit.AuditEvent;
import org.conclave.server.audit.AuditLog;
import org.conclave.server.auth.ApiScope;
import org.conclave.server.auth.SignedInUser;
import org.conclave.server.common.ApiException;
import org.conclave.server.common.Secrets;
import org.conclave.server.config.ConclaveProperties;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Personal API tokens for automation. A token is {@value #PREFIX} followed by 256 random bits
 * (base64url, 43 characters): the fixed prefix lets secret scanners recognise a leaked one. Only
 * its SHA-256 is stored; the token itself is shown once, when it is made. Every token has scopes
 * ({@link ApiScope}) and an expiry no later than {@code conclave.api-tokens.max-lifetime}; it stops
 * working when revoked, when it expires, and when its owner is disabled.
 */
@Service
public class ApiTokens {

  /** The recognisable start of every token. */
  public static final String PREFIX = "cnv_";

  /** The whole shape of a token, checked before any lookup. */
  static final Pattern FORMAT = Pattern.compile("cnv_[A-Za-z0-9_-]{43}");

  /** Last-used times are written at most this often per token, to spare the database. */
  private static final long TOUCH_INTERVAL_MS = 60_000;

  /** A token as listed: never its secret. Times are epoch milliseconds. */
  public record Token(
      long id,
      long userId,
      String name,
      List<String> scopes,
      long createdAt,
      long expiresAt,
      Long lastUsedAt) {}

  /** A new token and its secret, which is returned this once and never stored. */
  public record Created(Token token, String secret) {}

  /** What presenting a bearer token led to. */
  public sealed interface Outcome {}

  /** The token is good: the request acts as this user, limited to the token's scopes. */
  public record Accepted(SignedInUser user, Set<ApiScope> scopes) implements Outcome {}

  /** The token is refused; {@code retryAfterSeconds} is set when the address is throttled. */
  public record Refused(HttpStatus status, String code, String detail, Long retryAfterSeconds)
      implements Outcome {}

  private static final RowMapper<Token> ROW =
      (rs, n) ->
          new Token(
              rs.getLong("id"),
              rs.getLong("user_id"),
              rs.getString("name"),
              List.of(rs.getString("scopes").split(" ")),
              rs.getLong("created_at"),
              rs.getLong("expires_at"),
              rs.getObject("last_used_at", Long.class));

  private final JdbcClient jdbc;
  private final InstantSource clock;
  private final Users users;
  private final AuditLog audit;
  private final BadTokenThrottle throttle;
  private final ConclaveProperties.ApiTokens config;

  ApiTokens(
      JdbcClient jdbc,
      InstantSource clock,
      Users users,
      AuditLog audit,
      BadTokenThrottle throttle,
      ConclaveProperties properties) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.users = users;
    this.audit = audit;
    this.throttle = throttle;
    this.config = properties.apiTokens();
  }

  /**
   * Makes a token for the signed-in user.
   *
   * @throws ApiException 400 for an unknown scope, a bad name or lifetime, or too many tokens; 403
   *     when the user's role may not grant one of the scopes
   */
  @Transactional
  public Created create(
      SignedInUser owner, String name, Collection<String> scopeNames, int expiresInDays, Actor by) {
    String cleanName = name == null ? "" : name.strip();
    if (cleanName.isEmpty() || cleanName.codePoints().anyMatch(Character::isISOControl)) {
      throw ApiException.badRequest(
          "invalid-token-name", "Give the token a name (printable characters) to recognise it.");
    }
    Set<ApiScope> scopes = parseScopes(scopeNames);
    for (ApiScope scope : scopes) {
      if (!scope.grantableBy(owner.role())) {
        throw ApiException.forbidden(
            "scope-not-allowed",
            "Your role may not create a token with the scope " + scope.value() + ".");
      }
    }
    long maxDays = config.maxLifetime().toDays();
    if (expiresInDays < 1 || expiresInDays > maxDays) {
      throw ApiException.badRequest(
          "invalid-token-lifetime",
          "A token must expire in 1 to "
              + maxDays
              + " days. Choose a number of days in that range.");
    }
    if (liveTokensOf(owner.id()).size() >= config.maxPerUser()) {
      throw ApiException.badRequest(
          "too-many-tokens",
          "You already have "
              + config.maxPerUser()
              + " tokens, the most allowed. Revoke one you no longer use first.");
    }
    String secret = PREFIX + Secrets.token();
    long now = clock.millis();
    long expiresAt = now + Duration.ofDays(expiresInDays).toMillis();
    String scopeText = scopes.stream().map(ApiScope::value).collect(Collectors.joining(" "));
    var keys = new GeneratedKeyHolder();
    jdbc.sql(
            """
            INSERT INTO api_tokens (user_id, name, token_hash, scopes, created_at, expires_at)
            VALUES (:u, :n, :h, :s, :now, :exp)""")
        .param("u", owner.id())
        .param("n", cleanName)
        .param("h", Secrets.sha256Hex(secret))
        .param("s", scopeText)
        .param("now", now)
        .param("exp", expiresAt)
        .update(keys, "id");
    long id = keys.getKey().longValue();
    audit.record(
        AuditEvent.API_TOKEN_CREATED,
        by,
        owner.username(),
        "token "
            + id
            + " \""
            + cleanName
            + "\", scopes "
            + scopeText
            + ", "
            + expiresInDays
            + " days");
    Token token =
        new Token(id, owner.id(), cleanName, List.of(scopeText.split(" ")), now, expiresAt, null);
    return new Created(token, secret);
  }

  /** The user's tokens that still work (not revoked, not expired), newest first. */
  public List<Token> liveTokensOf(long userId) {
    return jdbc.sql(
            """
            SELECT * FROM api_tokens WHERE user_id = :u AND revoked_at IS NULL
            AND expires_at > :now ORDER BY created_at DESC, id DESC""")
        .param("u", userId)
        .param("now", clock.millis())
        .query(ROW)
        .list();
  }

  /** Revokes one of the user's own tokens; false when it is not theirs or already revoked. */
  @Transactional
  public boolean revoke(long userId, long tokenId, String username, Actor by) {
    boolean revoked =
        jdbc.sql(
                    """
                    UPDATE api_tokens SET revoked_at = :now
                    WHERE id = :id AND user_id = :u AND revoked_at IS NULL""")
                .param("now", clock.millis())
                .param("id", tokenId)
                .param("u", userId)
                .update()
            == 1;
    if (revoked) {
      audit.record(AuditEvent.API_TOKEN_REVOKED, by, username, "token " + tokenId);
    }
    return revoked;
  }

  /** Revokes every token of the user (when the account is disabled). Returns how many. */
  @Transactional
  public int revokeAllOf(long userId) {
    return jdbc.sql(
            "UPDATE api_tokens SET revoked_at = :now WHERE user_id = :u AND revoked_at IS NULL")
        .param("now", clock.millis())
        .param("u", userId)
        .update();
  }

  /**
   * Checks a presented bearer token. Throttled addresses are refused before any lookup; a token of
   * the wrong shape, unknown, revoked or expired, or whose owner is disabled, counts against the
   * address and is refused with one and the same answer.
   */
  public Outcome authenticate(String presented, String address) {
    Duration wait = throttle.waitFor(address);
    if (!wait.isZero()) {
      long seconds = Math.max(1, wait.toSeconds());
      return new Refused(
          HttpStatus.TOO_MANY_REQUESTS,
          "throttled",
          "Too many invalid API tokens from your address. Wait " + seconds + " seconds.",
          seconds);
    }
    Optional<Accepted> accepted = Optional.empty();
    if (presented != null && FORMAT.matcher(presented).matches()) {
      accepted = find(presented);
    }
    if (accepted.isEmpty()) {
      throttle.failed(address);
      return new Refused(
          HttpStatus.UNAUTHORIZED,
          "invalid-token",
          "This API token is not valid: it may be mistyped, expired or revoked. Create a new one"
              + " on your account page.",
          null);
    }
    return accepted.get();
  }

  private Optional<Accepted> find(String presented) {
    long now = clock.millis();
    Optional<Token> found =
        jdbc.sql(
                """
                SELECT * FROM api_tokens WHERE token_hash = :h
                AND revoked_at IS NULL AND expires_at > :now""")
            .param("h", Secrets.sha256Hex(presented))
            .param("now", now)
            .query(ROW)
            .optional();
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Token token = found.get();
    Optional<User> owner = users.byId(token.userId()).filter(u -> !u.disabled());
    if (owner.isEmpty()) {
      return Optional.empty();
    }
    if (token.lastUsedAt() == null || now - token.lastUsedAt() > TOUCH_INTERVAL_MS) {
      jdbc.sql("UPDATE api_tokens SET last_used_at = :now WHERE id = :id")
          .param("now", now)
          .param("id", token.id())
          .update();
    }
    User user = owner.get();
    Set<ApiScope> scopes = EnumSet.noneOf(ApiScope.class);
    token.scopes().forEach(s -> ApiScope.parse(s).ifPresent(scopes::add));
    Set<String> scopeNames =
        scopes.stream().map(ApiScope::value).collect(Collectors.toUnmodifiableSet());
    SignedInUser principal =
        new SignedInUser(
            user.id(), user.username(), user.displayName(), user.role(), null, false, scopeNames);
    return Optional.of(new Accepted(principal, Set.copyOf(scopes)));
  }

  private static Set<ApiScope> parseScopes(Collection<String> names) {
    if (names == null || names.isEmpty()) {
      throw ApiException.badRequest(
          "invalid-scope",
          "Choose at least one scope: "
              + Arrays.stream(ApiScope.values())
                  .map(ApiScope::value)
                  .collect(Collectors.joining(", "))
              + ".");
    }
    Set<ApiScope> scopes = new LinkedHashSet<>();
    for (String name : names) {
      scopes.add(
          ApiScope.parse(name)
              .orElseThrow(
                  () ->
                      ApiException.badRequest(
                          "invalid-scope",
                          "There is no scope \""
                              + String.valueOf(name)
                              + "\". The scopes are: "
                              + Arrays.stream(ApiScope.values())
                                  .map(ApiScope::value)
                                  .collect(Collectors.joining(", "))
                              + ".")));
    }
    return scopes;
  }
}
