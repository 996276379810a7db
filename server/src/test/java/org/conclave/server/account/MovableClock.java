package org.conclave.server.account;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * A test clock: the real time plus an offset that tests move forward, so that links and limits can
 * be shown to expire without waiting. Only {@link IsolatedAccountApiTest}'s application uses it.
 */
final class MovableClock implements InstantSource {

  private final AtomicLong offsetMillis = new AtomicLong();

  @Override
  public Instant instant() {
    return Instant.now().plusMillis(offsetMillis.get());
  }

  void advance(Duration by) {
    offsetMillis.addAndGet(by.toMillis());
  }

  /** Replaces the application's clock. */
  @TestConfiguration(proxyBeanMethods = false)
  static class Config {
    @Bean
    @Primary
    MovableClock movableClock() {
      return new MovableClock();
    }
  }
}
