package org.conclave.server.account;

import java.util.regex.Pattern;
import org.conclave.server.common.ApiException;

/**
 * What user names, display names and e-mail addresses may look like. Checked by {@link
 * AccountService} for every account made with a name someone typed (set-up, invitation,
 * self-registration, the command line), so all ways in share one rule. Pure functions.
 */
final class AccountNames {

  static final int USERNAME_MAX = 64;
  static final int DISPLAY_NAME_MAX = 200;
  static final int EMAIL_MAX = 254;

  /** Letters and digits of any script, and . _ - @; starting with a letter or digit. */
  private static final Pattern USERNAME =
      Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{M}\\p{N}._@-]+");

  /**
   * A deliberately plain address: no spaces, one @, a local part of at most 64 characters, and a
   * domain of dot-separated labels of letters, digits and hyphens (international ones included).
   */
  private static final Pattern EMAIL =
      Pattern.compile(
          "[^\\s@\\p{Cc}]{1,64}@[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]*[\\p{L}\\p{N}])?"
              + "(?:\\.[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]*[\\p{L}\\p{N}])?)*");

  private AccountNames() {}

  /** Refuses a user name that is not 2–64 allowed characters once normalised. */
  static void requireValidUsername(String username) {
    String normal = username == null ? "" : Users.normalise(username);
    int length = normal.codePointCount(0, normal.length());
    if (length < 2 || length > USERNAME_MAX || !USERNAME.matcher(normal).matches()) {
      throw ApiException.badRequest(
          "invalid-username",
          "A user name has 2 to 64 letters, digits, dots, hyphens, underscores or @ signs, and"
              + " starts with a letter or a digit.");
    }
  }

  /** Refuses an empty or over-long display name, or one with control characters. */
  static void requireValidDisplayName(String displayName) {
    String name = displayName == null ? "" : displayName.strip();
    int length = name.codePointCount(0, name.length());
    if (length < 1 || length > DISPLAY_NAME_MAX || PasswordPolicy.hasControlCharacters(name)) {
      throw ApiException.badRequest(
          "invalid-display-name",
          "A display name has 1 to 200 characters and no line breaks or control characters.");
    }
  }

  /**
   * Refuses an e-mail address that is present but not plainly an address. Null or blank is fine.
   */
  static void requireValidEmail(String email) {
    if (email == null || email.isBlank()) {
      return;
    }
    String address = email.strip();
    if (address.length() > EMAIL_MAX || !EMAIL.matcher(address).matches()) {
      throw ApiException.badRequest(
          "invalid-email", "This does not look like an e-mail address, such as name@example.org.");
    }
  }
}
