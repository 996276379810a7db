package org.conclave.server.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The append-only, hash-chained audit log. Each entry carries the SHA-256 of its own fields and the
 * previous entry's hash, so editing, removing or reordering any entry breaks the chain from that
 * entry on, and {@link #verify()} names it.
 *
 * <p>{@link #record} joins the caller's transaction ({@link Propagation#MANDATORY}): the entry is
 * written if and only if the change it records is. Appends are serialised by locking the single row
 * of {@code audit_head}.
 */
@Service
public class AuditLog {

  private final JdbcClient jdbc;
  private final InstantSource clock;

  AuditLog(JdbcClient jdbc, InstantSource clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /**
   * Appends one entry inside the caller's transaction.
   *
   * @param actor who acted (user, or {@link Actor#system()})
   * @param subject what the action was about (a user name, a token id), or null
   * @param detail a short free text, or null; never a secret
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public void record(AuditEvent event, Actor actor, String subject, String detail) {
    Head head =
        jdbc.sql("SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE")
            .query((rs, n) -> new Head(rs.getLong("seq"), rs.getString("hash")))
            .single();
    long seq = head.seq() + 1;
    AuditEntry unsigned =
        new AuditEntry(
            seq,
            clock.millis(),
            event.name(),
            actor.userId(),
            truncate(actor.name(), 200),
            truncate(actor.sourceAddress(), 64),
            truncate(subject, 300),
            truncate(detail, 2000),
            head.hash(),
            null);
    String hash = hash(unsigned);
    jdbc.sql(
            """
            INSERT INTO audit_log (seq, at, event, actor_user_id, actor, source_address, subject,
                                   detail, prev_hash, hash)
            VALUES (:seq, :at, :event, :actorUserId, :actor, :sourceAddress, :subject, :detail,
                    :prevHash, :hash)""")
        .param("seq", seq)
        .param("at", unsigned.at())
        .param("event", unsigned.event())
        .param("actorUserId", unsigned.actorUserId())
        .param("actor", unsigned.actor())
        .param("sourceAddress", unsigned.sourceAddress())
        .param("subject", unsigned.subject())
        .param("detail", unsigned.detail())
        .param("prevHash", unsigned.prevHash())
        .param("hash", hash)
        .update();
    jdbc.sql("UPDATE audit_head SET seq = :seq, hash = :hash WHERE id = 1")
        .param("seq", seq)
        .param("hash", hash)
        .update();
  }

  /** Appends one entry in a transaction of its own (for events with no other change). */
  @Transactional(propagation = Propagation.REQUIRES_NEW)
  public void recordAlone(AuditEvent event, Actor actor, String subject, String detail) {
    record(event, actor, subject, detail);
  }

  /**
   * Walks the whole chain from the first entry and reports the first entry whose hash, link or
   * sequence number does not hold, or that the chain is intact.
   */
  @Transactional(readOnly = true)
  public Verification verify() {
    String expectedPrev = new Head(0, "0".repeat(64)).hash();
    long expectedSeq = 1;
    long checked = 0;
    for (AuditEntry e : entries(0, Integer.MAX_VALUE)) {
      if (e.seq() != expectedSeq) {
        return new Verification(
            false, checked, expectedSeq, "entry " + expectedSeq + " is missing");
      }
      if (!e.prevHash().equals(expectedPrev)) {
        return new Verification(
            false, checked, e.seq(), "entry does not link to the one before it");
      }
      if (!MessageDigest.isEqual(
          hash(e).getBytes(StandardCharsets.US_ASCII),
          e.hash().getBytes(StandardCharsets.US_ASCII))) {
        return new Verification(false, checked, e.seq(), "entry content does not match its hash");
      }
      expectedPrev = e.hash();
      expectedSeq++;
      checked++;
    }
    Head head =
        jdbc.sql("SELECT seq, hash FROM audit_head WHERE id = 1")
            .query((rs, n) -> new Head(rs.getLong("seq"), rs.getString("hash")))
            .single();
    if (head.seq() != checked || !head.hash().equals(expectedPrev)) {
      return new Verification(
          false, checked, checked + 1, "entries after " + checked + " were removed");
    }
    return new Verification(true, checked, null, "intact");
  }

  /** Entries in sequence order, starting after {@code afterSeq}. */
  @Transactional(readOnly = true)
  public List<AuditEntry> entries(long afterSeq, int limit) {
    return jdbc.sql("SELECT * FROM audit_log WHERE seq > :after ORDER BY seq LIMIT :limit")
        .param("after", afterSeq)
        .param("limit", limit)
        .query(
            (rs, n) ->
                new AuditEntry(
                    rs.getLong("seq"),
                    rs.getLong("at"),
                    rs.getString("event"),
                    (Long) rs.getObject("actor_user_id", Long.class),
                    rs.getString("actor"),
                    rs.getString("source_address"),
                    rs.getString("subject"),
                    rs.getString("detail"),
                    rs.getString("prev_hash"),
                    rs.getString("hash")))
        .list();
  }

  static String hash(AuditEntry e) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(e.canonical().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException ex) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", ex);
    }
  }

  private static String truncate(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }

  private record Head(long seq, String hash) {}

  /**
   * The outcome of {@link #verify()}: {@code firstBroken} is the sequence number of the first entry
   * that fails, or null when the chain is intact.
   */
  public record Verification(
      boolean intact, long entriesChecked, Long firstBroken, String reason) {}
}
