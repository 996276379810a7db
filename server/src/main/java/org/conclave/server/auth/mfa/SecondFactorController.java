package org.conclave.server.auth.mfa;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.conclave.server.auth.SignedInUser;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The second step of sign-in (only for a session waiting for its second factor, see the security
 * configuration), and passwordless sign-in with a passkey (for anyone).
 */
@RestController
class SecondFactorController {

  record CodeRequest(@NotNull @Size(min = 1, max = 64) String code) {}

  /** Where the sign-in stands afterwards: always "signed-in" on success. */
  record StageResponse(String stage) {
    static final StageResponse SIGNED_IN = new StageResponse("signed-in");
  }

  private final SecondFactorSignIn secondFactor;
  private final PasswordlessSignIn passwordless;

  SecondFactorController(SecondFactorSignIn secondFactor, PasswordlessSignIn passwordless) {
    this.secondFactor = secondFactor;
    this.passwordless = passwordless;
  }

  @PostMapping("/api/v1/auth/second-factor/totp")
  StageResponse totp(
      @AuthenticationPrincipal SignedInUser who,
      @Valid @RequestBody CodeRequest body,
      HttpServletRequest request,
      HttpServletResponse response) {
    return Throttled.answering(
        response,
        () -> {
          secondFactor.withTotp(who, body.code(), request, response);
          return StageResponse.SIGNED_IN;
        });
  }

  @PostMapping("/api/v1/auth/second-factor/recovery-code")
  StageResponse recoveryCode(
      @AuthenticationPrincipal SignedInUser who,
      @Valid @RequestBody CodeRequest body,
      HttpServletRequest request,
      HttpServletResponse response) {
    return Throttled.answering(
        response,
        () -> {
          secondFactor.withRecoveryCode(who, body.code(), request, response);
          return StageResponse.SIGNED_IN;
        });
  }

  @PostMapping("/api/v1/auth/second-factor/passkey/options")
  PasskeyJson.Options<PasskeyJson.RequestOptions> passkeyOptions(
      @AuthenticationPrincipal SignedInUser who, HttpServletRequest request) {
    return secondFactor.passkeyOptions(who, request);
  }

  @PostMapping("/api/v1/auth/second-factor/passkey")
  StageResponse passkey(
      @AuthenticationPrincipal SignedInUser who,
      @Valid @RequestBody PasskeyJson.Assertion body,
      HttpServletRequest request,
      HttpServletResponse response) {
    return Throttled.answering(
        response,
        () -> {
          secondFactor.withPasskey(who, body, request, response);
          return StageResponse.SIGNED_IN;
        });
  }

  @PostMapping("/api/v1/auth/passkey/options")
  PasskeyJson.Options<PasskeyJson.RequestOptions> passwordlessOptions(
      HttpServletRequest request, HttpServletResponse response) {
    return Throttled.answering(response, () -> passwordless.options(request));
  }

  @PostMapping("/api/v1/auth/passkey")
  StageResponse passwordless(
      @Valid @RequestBody PasskeyJson.Assertion body,
      HttpServletRequest request,
      HttpServletResponse response) {
    passwordless.signIn(body, request, response);
    return StageResponse.SIGNED_IN;
  }
}
