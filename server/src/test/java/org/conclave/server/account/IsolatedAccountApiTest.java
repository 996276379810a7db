package org.conclave.server.account;

import org.conclave.server.testing.ApiTest;
import org.conclave.server.testing.MutableClock;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * A running application of its own for tests that need what the shared one cannot give: a database
 * in which no administrator exists yet (the set-up link works only then), self-registration turned
 * on, and a clock the test moves forward. Subclasses share this one application.
 */
@TestPropertySource(
    properties = {
      "spring.datasource.url=jdbc:h2:mem:account-isolated;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
          + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
      "conclave.accounts.self-registration=true"
    })
@Import(MutableClock.Config.class)
abstract class IsolatedAccountApiTest extends ApiTest {

  @Autowired protected MutableClock clock;
  @Autowired protected JdbcClient jdbc;

  protected long userCount() {
    return jdbc.sql("SELECT COUNT(*) FROM users").query(Long.class).single();
  }
}
