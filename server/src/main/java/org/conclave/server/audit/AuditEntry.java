package org.conclave.server.audit;

/**
 * One stored audit entry. {@code hash} is SHA-256 over {@link #canonical()} and {@code prevHash};
 * see {@link AuditLog}.
 */
public record AuditEntry(
    long seq,
    long at,
    String event,
    Long actorUserId,
    String actor,
    String sourceAddress,
    String subject,
    String detail,
    String prevHash,
    String hash) {

  /**
   * The bytes the hash covers: every field, each length-prefixed so that no two different entries
   * can produce the same text.
   */
  String canonical() {
    StringBuilder b = new StringBuilder();
    for (Object field :
        new Object[] {
          seq, at, event, actorUserId, actor, sourceAddress, subject, detail, prevHash
        }) {
      String s = field == null ? "\u0000" : field.toString();
      b.append(s.length()).append(':').append(s).append('|');
    }
    return b.toString();
  }
}
