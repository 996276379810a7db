package org.conclave.server;

import static org.assertj.core.api.Assertions.assertThat;

import javax.sql.DataSource;
import org.conclave.server.account.Role;
import org.conclave.server.audit.Actor;
import org.conclave.server.audit.AuditEvent;
import org.conclave.server.audit.AuditLog;
import org.conclave.server.testing.ApiTest;
import org.conclave.server.testing.AuditTampering;
import org.conclave.server.testing.Browser;
import org.conclave.server.testing.PostgreSql;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole application on a real PostgreSQL server instead of the embedded H2 database: the Flyway
 * migrations run, people sign in over HTTPS, and the audit log appends and verifies. See {@link
 * PostgreSql} for where the server comes from.
 */
class PostgreSqlTest extends ApiTest {

  @DynamicPropertySource
  static void postgreSql(DynamicPropertyRegistry registry) {
    PostgreSql.Server server = PostgreSql.server();
    registry.add("spring.datasource.url", server::url);
    registry.add("spring.datasource.username", server::username);
    registry.add("spring.datasource.password", server::password);
  }

  @Autowired DataSource dataSource;
  @Autowired JdbcClient jdbc;
  @Autowired AuditLog audit;

  @Test
  void runsOnPostgreSql() throws Exception {
    try (var connection = dataSource.getConnection()) {
      assertThat(connection.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
    }
  }

  @Test
  void everyMigrationApplied() {
    var failed =
        jdbc.sql("SELECT COUNT(*) FROM flyway_schema_history WHERE NOT success")
            .query(Long.class)
            .single();
    var applied =
        jdbc.sql("SELECT COUNT(*) FROM flyway_schema_history WHERE version IS NOT NULL")
            .query(Long.class)
            .single();

    assertThat(failed).isZero();
    assertThat(applied).isPositive();
  }

  @Test
  void signInWorksAndIsAudited() {
    var user = createUser(newUsername("pg-alice"), Role.MEMBER);
    Browser b = browser();

    var r =
        b.post(
            "/api/v1/auth/sign-in", Browser.body("username", user.username(), "password", STRONG));

    assertThat(r.status()).isEqualTo(200);
    assertThat(b.get("/api/v1/session").json().get("authenticated").asBoolean()).isTrue();
    assertThat(
            audit.entries(0, Integer.MAX_VALUE).stream()
                .filter(e -> e.event().equals("SIGN_IN_SUCCEEDED"))
                .anyMatch(e -> user.username().equals(e.subject())))
        .isTrue();
  }

  @Test
  void auditLogAppendsAndVerifies() {
    long before = audit.verify().entriesChecked();
    audit.recordAlone(AuditEvent.USER_ENABLED, Actor.operator(), "pg-subject", "first");
    audit.recordAlone(AuditEvent.USER_DISABLED, Actor.operator(), "pg-subject", "second");

    AuditLog.Verification v = audit.verify();

    assertThat(v.intact()).isTrue();
    assertThat(v.entriesChecked()).isGreaterThanOrEqualTo(before + 2);
  }

  @Test
  void editedAuditEntryIsFoundOnPostgreSql() {
    audit.recordAlone(AuditEvent.USER_ENABLED, Actor.operator(), "pg-subject", "original");
    long k = AuditTampering.lastSeq(jdbc);
    audit.recordAlone(AuditEvent.USER_ENABLED, Actor.operator(), "pg-subject", "after it");

    try (var t = AuditTampering.editDetail(jdbc, k, "forged")) {
      assertThat(audit.verify().firstBroken()).isEqualTo(k);
    }
    assertThat(audit.verify().intact()).isTrue();
  }
}
