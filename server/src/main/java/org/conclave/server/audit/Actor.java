package org.conclave.server.audit;

/** Who did something: a user (id and name) or the system, and from which address. */
public record Actor(Long userId, String name, String sourceAddress) {

  public static Actor system() {
    return new Actor(null, "system", null);
  }

  public static Actor operator() {
    return new Actor(null, "operator (command line)", null);
  }

  public static Actor anonymous(String sourceAddress) {
    return new Actor(null, null, sourceAddress);
  }
}
