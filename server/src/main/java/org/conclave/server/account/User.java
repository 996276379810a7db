package org.conclave.server.account;

/** An account as stored. {@code passwordHash} is null for accounts that only use single sign-on. */
public record User(
    long id,
    String username,
    String displayName,
    String email,
    Role role,
    String passwordHash,
    boolean disabled,
    long createdAt,
    boolean totpEnabled) {

  /** The words a password must not be built from: the user's own names. */
  public java.util.List<String> contextWords() {
    java.util.List<String> words = new java.util.ArrayList<>();
    words.add(username);
    if (displayName != null) {
      words.add(displayName);
    }
    if (email != null) {
      words.add(email);
    }
    return words;
  }
}
