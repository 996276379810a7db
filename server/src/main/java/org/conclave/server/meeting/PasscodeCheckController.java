package org.conclave.server.meeting;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.conclave.server.account.PasswordPolicy;
import org.conclave.server.account.PasswordVerdict;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/meetings/passcode-check}: judges a passcode a host is about to choose, with
 * the same rules (and the meeting's title as context) that creating the meeting or changing its
 * passcode applies, so the scheduling form can show a strength hint as the host types. Stores
 * nothing and looks nothing up; the URL rules already limit it to signed-in accounts.
 */
@RestController
class PasscodeCheckController {

  /** Far above the longest acceptable passcode, low enough to keep the estimate cheap. */
  static final int MAX_CHECKED = 256;

  record PasscodeCheckRequest(
      @NotNull @Size(max = MAX_CHECKED) String passcode, @Size(max = 200) String title) {}

  private final PasswordPolicy passwords;

  PasscodeCheckController(PasswordPolicy passwords) {
    this.passwords = passwords;
  }

  @PostMapping("/api/v1/meetings/passcode-check")
  PasswordVerdict check(@Valid @RequestBody PasscodeCheckRequest body) {
    return passwords.checkPasscode(
        body.passcode(), body.title() == null ? List.of() : List.of(body.title()));
  }
}
