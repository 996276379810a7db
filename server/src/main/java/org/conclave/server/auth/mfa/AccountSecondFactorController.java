package org.conclave.server.auth.mfa;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.conclave.server.auth.SecondFactorPolicy;
import org.conclave.server.auth.SignedInUser;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** One's own second factors: the overview, TOTP, recovery codes and passkeys. */
@RestController
class AccountSecondFactorController {

  record CodeRequest(@NotNull @Size(min = 1, max = 64) String code) {}

  record PasswordRequest(@NotNull @Size(min = 1, max = 1024) String currentPassword) {}

  record RecoveryCodesResponse(List<String> recoveryCodes) {}

  /**
   * @param required whether the organisation requires a second factor of the user's role
   */
  record Overview(
      boolean totpEnabled,
      int recoveryCodesLeft,
      List<PasskeyJson.Listed> passkeys,
      boolean required) {}

  private final TotpEnrolment totp;
  private final PasskeyEnrolment passkeys;
  private final SecondFactors factors;
  private final RecoveryCodes recoveryCodes;
  private final SecondFactorPolicy policy;

  AccountSecondFactorController(
      TotpEnrolment totp,
      PasskeyEnrolment passkeys,
      SecondFactors factors,
      RecoveryCodes recoveryCodes,
      SecondFactorPolicy policy) {
    this.totp = totp;
    this.passkeys = passkeys;
    this.factors = factors;
    this.recoveryCodes = recoveryCodes;
    this.policy = policy;
  }

  @GetMapping("/api/v1/account/second-factors")
  Overview overview(@AuthenticationPrincipal SignedInUser who) {
    return new Overview(
        factors.totpEnabled(who.id()),
        recoveryCodes.unusedCount(who.id()),
        passkeys.list(who.id()),
        policy.requiredFor(who.role()));
  }

  @PostMapping("/api/v1/account/totp/setup")
  ResponseEntity<TotpEnrolment.Setup> totpSetup(@AuthenticationPrincipal SignedInUser who) {
    return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(totp.setup(who));
  }

  @GetMapping("/api/v1/account/totp/qr.svg")
  ResponseEntity<String> totpQrCode(@AuthenticationPrincipal SignedInUser who) {
    return ResponseEntity.ok()
        .cacheControl(CacheControl.noStore())
        .contentType(MediaType.parseMediaType("image/svg+xml"))
        .body(totp.qrCode(who));
  }

  @PostMapping("/api/v1/account/totp/confirm")
  ResponseEntity<RecoveryCodesResponse> totpConfirm(
      @AuthenticationPrincipal SignedInUser who,
      @Valid @RequestBody CodeRequest body,
      HttpServletRequest request,
      HttpServletResponse response) {
    return noStore(new RecoveryCodesResponse(totp.confirm(who, body.code(), request, response)));
  }

  @PostMapping("/api/v1/account/totp/remove")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void totpRemove(
      @AuthenticationPrincipal SignedInUser who,
      @Valid @RequestBody PasswordRequest body,
      HttpServletRequest request,
      HttpServletResponse response) {
    Throttled.answering(
        response,
        () -> {
          totp.remove(who, body.currentPassword(), request);
          return null;
        });
  }

  @PostMapping("/api/v1/account/recovery-codes")
  ResponseEntity<RecoveryCodesResponse> regenerateRecoveryCodes(
      @AuthenticationPrincipal SignedInUser who,
      @Valid @RequestBody PasswordRequest body,
      HttpServletRequest request,
      HttpServletResponse response) {
    return Throttled.answering(
        response,
        () ->
            noStore(
                new RecoveryCodesResponse(
                    totp.regenerateRecoveryCodes(who, body.currentPassword(), request))));
  }

  @PostMapping("/api/v1/account/passkeys/options")
  PasskeyJson.Options<PasskeyJson.CreationOptions> passkeyOptions(
      @AuthenticationPrincipal SignedInUser who) {
    return passkeys.options(who);
  }

  @PostMapping("/api/v1/account/passkeys")
  ResponseEntity<PasskeyEnrolment.Registered> registerPasskey(
      @AuthenticationPrincipal SignedInUser who,
      @Valid @RequestBody PasskeyJson.Registration body,
      HttpServletRequest request,
      HttpServletResponse response) {
    return noStore(passkeys.register(who, body, request, response));
  }

  @DeleteMapping("/api/v1/account/passkeys/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void deletePasskey(
      @AuthenticationPrincipal SignedInUser who,
      @PathVariable("id") long id,
      HttpServletRequest request) {
    passkeys.delete(who, id, request);
  }

  private static <T> ResponseEntity<T> noStore(T body) {
    return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(body);
  }
}
