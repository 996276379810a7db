package org.conclave.server.auth.mfa;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.conclave.server.common.KeyFiles;
import org.conclave.server.common.Secrets;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The ten single-use recovery codes of an account, for when its authenticator app or passkey is
 * lost. Only a keyed hash of each code is stored (HMAC-SHA256 under {@code keys/recovery-codes.key}
 * in the data directory): a code carries 50 bits, few enough that a plain hash in a stolen database
 * could be reversed by brute force, but not without the key file, which is not in the database.
 * Must be called inside the caller's transaction.
 */
@Component
class RecoveryCodes {

  static final int COUNT = 10;

  private final JdbcClient jdbc;
  private final InstantSource clock;
  private final KeyFiles keys;
  private volatile SecretKeySpec key;

  RecoveryCodes(JdbcClient jdbc, InstantSource clock, KeyFiles keys) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.keys = keys;
  }

  /** Replaces the user's codes with ten new ones and returns them for showing once. */
  List<String> replace(long userId) {
    deleteAll(userId);
    List<String> codes = new ArrayList<>(COUNT);
    while (codes.size() < COUNT) {
      String code = RecoveryCodeFormat.generate(Secrets.random());
      if (!codes.contains(code)) {
        codes.add(code);
      }
    }
    for (String code : codes) {
      jdbc.sql("INSERT INTO recovery_codes (user_id, code_hash) VALUES (:u, :h)")
          .param("u", userId)
          .param("h", hash(RecoveryCodeFormat.canonical(code)))
          .update();
    }
    return codes;
  }

  /**
   * Uses up the code if it is one of the user's unused codes. Returns false for anything else,
   * including a code already used.
   */
  boolean use(long userId, String typed) {
    String canonical = RecoveryCodeFormat.canonical(typed);
    if (canonical == null) {
      return false;
    }
    byte[] presented = hash(canonical).getBytes(StandardCharsets.US_ASCII);
    record Stored(long id, String hash) {}
    List<Stored> unused =
        jdbc.sql("SELECT id, code_hash FROM recovery_codes WHERE user_id = :u AND used_at IS NULL")
            .param("u", userId)
            .query((rs, n) -> new Stored(rs.getLong("id"), rs.getString("code_hash")))
            .list();
    Long match = null;
    for (Stored s : unused) {
      if (MessageDigest.isEqual(presented, s.hash().getBytes(StandardCharsets.US_ASCII))) {
        match = s.id();
      }
    }
    if (match == null) {
      return false;
    }
    // The condition on used_at makes two simultaneous uses of one code succeed at most once.
    return jdbc.sql("UPDATE recovery_codes SET used_at = :now WHERE id = :id AND used_at IS NULL")
            .param("now", clock.millis())
            .param("id", match)
            .update()
        == 1;
  }

  int unusedCount(long userId) {
    return jdbc.sql("SELECT COUNT(*) FROM recovery_codes WHERE user_id = :u AND used_at IS NULL")
        .param("u", userId)
        .query(Long.class)
        .single()
        .intValue();
  }

  void deleteAll(long userId) {
    jdbc.sql("DELETE FROM recovery_codes WHERE user_id = :u").param("u", userId).update();
  }

  private String hash(String canonical) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key());
      return HexFormat.of().formatHex(mac.doFinal(canonical.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is part of every Java runtime", e);
    }
  }

  private SecretKeySpec key() {
    SecretKeySpec k = key;
    if (k == null) {
      k = new SecretKeySpec(keys.key("recovery-codes"), "HmacSHA256");
      key = k;
    }
    return k;
  }
}
