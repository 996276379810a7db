package org.conclave.server.testing;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * A clock that tests move forward: the real time plus an offset. Import {@link Config} into a test
 * class ({@code @Import(MutableClock.Config.class)}) to make it the application's clock; that class
 * then runs in a context of its own, so moving time never disturbs tests in the shared context.
 */
public final class MutableClock implements InstantSource {

  private final AtomicLong offsetMillis = new AtomicLong();

  @Override
  public Instant instant() {
    return Instant.now().plusMillis(offsetMillis.get());
  }

  /** Moves the clock forward. */
  public void advance(Duration by) {
    offsetMillis.addAndGet(by.toMillis());
  }

  /** Makes a {@link MutableClock} the application's clock, in place of the system clock. */
  @TestConfiguration(proxyBeanMethods = false)
  public static class Config {
    @Bean
    @Primary
    MutableClock mutableClock() {
      return new MutableClock();
    }
  }
}
