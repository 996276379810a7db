package org.conclave.server.entry;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;
import org.conclave.server.testing.ApiTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.TestPropertySource;

/**
 * One running application, shared by the entry tests that need time to stand still: a clock that
 * moves only when a test moves it (so throttle allowances never refill while 11,000 attempts are
 * made, and a ticket's 60 seconds pass at once), and the entry throttle's limits written out so the
 * tests do not depend on defaults.
 */
@Import(FrozenClockApiTest.Config.class)
@TestPropertySource(
    properties = {
      "conclave.meetings.entry.per-address-per-meeting="
          + FrozenClockApiTest.PER_ADDRESS_PER_MEETING,
      "conclave.meetings.entry.per-address=" + FrozenClockApiTest.PER_ADDRESS,
      "conclave.meetings.entry.per-meeting=" + FrozenClockApiTest.PER_MEETING,
      "conclave.meetings.entry.alert-after=" + FrozenClockApiTest.ALERT_AFTER,
      "conclave.meetings.entry.window=15m",
      "conclave.meetings.entry.base-delay=2s",
      "conclave.meetings.entry.max-delay=15m"
    })
abstract class FrozenClockApiTest extends ApiTest {

  static final int PER_ADDRESS_PER_MEETING = 5;
  static final int PER_ADDRESS = 20;
  static final int PER_MEETING = 50;
  static final int ALERT_AFTER = 10;

  /** A clock that stands still until {@link #advance} moves it. */
  static final class FrozenClock implements InstantSource {
    private final AtomicLong millis = new AtomicLong(Instant.now().toEpochMilli());

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis.get());
    }

    void advance(Duration by) {
      millis.addAndGet(by.toMillis());
    }
  }

  @TestConfiguration(proxyBeanMethods = false)
  static class Config {
    @Bean
    @Primary
    FrozenClock frozenClock() {
      return new FrozenClock();
    }
  }
}
