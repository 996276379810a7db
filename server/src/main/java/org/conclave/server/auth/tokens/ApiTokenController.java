package org.conclave.server.auth.tokens;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.conclave.server.audit.Actor;
import org.conclave.server.auth.SignedInUser;
import org.conclave.server.common.ApiException;
import org.conclave.server.common.ClientAddress;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The signed-in user's personal API tokens: list, create (the secret is in this one answer only)
 * and revoke. Browser session only: a token can never make, list or revoke tokens.
 */
@RestController
class ApiTokenController {

  record CreateRequest(
      @NotNull @Size(min = 1, max = 100) String name,
      @NotNull @Size(min = 1, max = 10) List<@NotNull @Size(max = 40) String> scopes,
      @NotNull Integer expiresInDays) {}

  /** A token as listed. Times are epoch milliseconds; {@code lastUsedAt} is null until used. */
  record TokenView(
      long id, String name, List<String> scopes, long createdAt, long expiresAt, Long lastUsedAt) {}

  /** A new token, with its secret: shown once, never again. */
  record CreatedView(long id, String name, List<String> scopes, long expiresAt, String token) {}

  private final ApiTokens tokens;

  ApiTokenController(ApiTokens tokens) {
    this.tokens = tokens;
  }

  @GetMapping("/api/v1/account/tokens")
  List<TokenView> list(@AuthenticationPrincipal SignedInUser user) {
    user.requireBrowserSession();
    return tokens.liveTokensOf(user.id()).stream()
        .map(
            t ->
                new TokenView(
                    t.id(), t.name(), t.scopes(), t.createdAt(), t.expiresAt(), t.lastUsedAt()))
        .toList();
  }

  @PostMapping("/api/v1/account/tokens")
  @ResponseStatus(HttpStatus.CREATED)
  CreatedView create(
      @AuthenticationPrincipal SignedInUser user,
      @Valid @RequestBody CreateRequest body,
      HttpServletRequest request) {
    user.requireBrowserSession();
    ApiTokens.Created created =
        tokens.create(user, body.name(), body.scopes(), body.expiresInDays(), actor(user, request));
    ApiTokens.Token t = created.token();
    return new CreatedView(t.id(), t.name(), t.scopes(), t.expiresAt(), created.secret());
  }

  @DeleteMapping("/api/v1/account/tokens/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void revoke(
      @AuthenticationPrincipal SignedInUser user,
      @PathVariable("id") long id,
      HttpServletRequest request) {
    user.requireBrowserSession();
    if (!tokens.revoke(user.id(), id, user.username(), actor(user, request))) {
      throw ApiException.notFound("You have no live API token with this id.");
    }
  }

  private static Actor actor(SignedInUser user, HttpServletRequest request) {
    return new Actor(user.id(), user.username(), ClientAddress.of(request));
  }
}
