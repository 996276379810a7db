package org.conclave.server.account;

/** What an account may do: administer the organisation, host meetings, or take part. */
public enum Role {
  ADMIN,
  HOST,
  MEMBER;

  /** The Spring Security authority for this role. */
  public String authority() {
    return "ROLE_" + name();
  }
}
