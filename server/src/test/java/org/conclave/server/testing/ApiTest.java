package org.conclave.server.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.conclave.server.ConclaveApplication;
import org.conclave.server.account.AccountService;
import org.conclave.server.account.Role;
import org.conclave.server.account.User;
import org.conclave.server.audit.Actor;
import org.conclave.server.audit.AuditEvent;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * Base of tests against the running application over real HTTP(S): the whole server on a random
 * port with its own data directory (an H2 database in it). All subclasses with the same
 * configuration share one running application, so each test makes its own users (see {@link
 * #newUsername}) instead of assuming an empty database.
 */
@ExtendWith(SpringExtension.class)
@SpringBootTest(
    classes = ConclaveApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class ApiTest {

  /** A strong password that passes every rule; tests vary it per user. */
  public static final String STRONG = "violet harbour tangerine cobble 47";

  private static final Path DATA_DIR = TestData.dir();

  @LocalServerPort protected int port;
  @Autowired protected AccountService accounts;

  /** A fresh client with an empty cookie jar. */
  protected Browser browser() {
    return new Browser(TestData.scheme() + "://localhost:" + port, TestData.sslContext(DATA_DIR));
  }

  private static final java.util.concurrent.atomic.AtomicInteger COUNTER =
      new java.util.concurrent.atomic.AtomicInteger();

  /** A user name no other test uses. */
  protected static String newUsername(String prefix) {
    return prefix + "-" + COUNTER.incrementAndGet() + "-" + System.nanoTime() % 100000;
  }

  /** Creates an account with {@link #STRONG} as its password. */
  protected User createUser(String username, Role role) {
    return accounts.create(
        username,
        "Test " + username,
        username + "@example.test",
        role,
        STRONG,
        Actor.system(),
        AuditEvent.USER_CREATED);
  }

  /** A browser signed in (password only) as a new user of the given role. */
  protected Browser signedIn(User user) {
    Browser b = browser();
    var r =
        b.post(
            "/api/v1/auth/sign-in", Browser.body("username", user.username(), "password", STRONG));
    if (r.status() != 200) {
      throw new AssertionError("sign-in failed: " + r);
    }
    return b;
  }

  static {
    try {
      Files.createDirectories(DATA_DIR);
      // System properties, not @DynamicPropertySource: the TLS set-up reads them before the
      // test context's own property sources exist.
      System.setProperty("conclave.data-dir", DATA_DIR.toString());
      TestData.configure();
    } catch (java.io.IOException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
