package org.conclave.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.conclave.server.testing.ApiTest;
import org.conclave.server.testing.AuditTampering;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The hash chain catches changes made directly in the database. */
class AuditChainTest extends ApiTest {

  @Autowired AuditLog audit;
  @Autowired JdbcClient jdbc;

  private long append(String detail) {
    audit.recordAlone(AuditEvent.USER_ENABLED, Actor.operator(), newUsername("subject"), detail);
    return AuditTampering.lastSeq(jdbc);
  }

  @Test
  void intactChainVerifies() {
    append("first");
    long last = append("second");

    AuditLog.Verification v = audit.verify();

    assertThat(v.intact()).isTrue();
    assertThat(v.firstBroken()).isNull();
    assertThat(v.entriesChecked()).isGreaterThanOrEqualTo(last);
  }

  @Test
  void editedEntryIsReportedBrokenAtExactlyThatEntry() {
    long k = append("role MEMBER");
    append("after it");

    try (var t = AuditTampering.editDetail(jdbc, k, "role ADMIN")) {
      AuditLog.Verification v = audit.verify();

      assertThat(v.intact()).isFalse();
      assertThat(v.firstBroken()).isEqualTo(k);
      assertThat(v.entriesChecked()).isEqualTo(k - 1);
    }
    assertThat(audit.verify().intact()).isTrue();
  }

  @Test
  void deletedEntryInTheMiddleIsDetected() {
    long k = append("to be removed");
    append("after it");

    try (var t = AuditTampering.delete(jdbc, k)) {
      AuditLog.Verification v = audit.verify();

      assertThat(v.intact()).isFalse();
      assertThat(v.firstBroken()).isEqualTo(k);
      assertThat(v.reason()).contains("missing");
    }
    assertThat(audit.verify().intact()).isTrue();
  }

  @Test
  void deletedLastEntryIsDetected() {
    long k = append("the newest");

    try (var t = AuditTampering.delete(jdbc, k)) {
      AuditLog.Verification v = audit.verify();

      assertThat(v.intact()).isFalse();
      assertThat(v.firstBroken()).isEqualTo(k);
    }
    assertThat(audit.verify().intact()).isTrue();
  }
}
