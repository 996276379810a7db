package org.conclave.server.account;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.conclave.server.common.ApiException;
import org.conclave.server.config.ConclaveProperties;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Argon2id hashing with the configured parameters. Each hash costs tens of milliseconds and ~19
 * MiB, so at most {@code passwords.max-concurrent-hashes} run at once: a burst queues instead of
 * exhausting memory. One of those permits is reserved for {@link Lane#TRUSTED} checks (browsers
 * that signed in to the account before), so a flood of guesses from strangers cannot starve known
 * users; strangers wait at most {@link #QUEUE_WAIT_SECONDS} for a permit and are otherwise told the
 * server is busy. Callers must rate-limit before calling.
 *
 * <p>Passwords are NFKC-normalised before hashing and before checking (NIST SP 800-63B §5.1.1.2):
 * the same Vietnamese password typed with precomposed letters on one device and with combining tone
 * marks on another is the same password.
 */
@Component
public class PasswordHasher {

  /** Who is asking for a check: a stranger, or a browser that signed in to this account before. */
  public enum Lane {
    UNTRUSTED,
    TRUSTED
  }

  static final int QUEUE_WAIT_SECONDS = 5;

  private final Argon2PasswordEncoder encoder;
  private final Semaphore shared;
  private final Semaphore reserved = new Semaphore(1, true);
  private final String dummyHash;
  private final String parameterPrefix;
  private final Counter computed;

  PasswordHasher(ConclaveProperties properties, MeterRegistry meters) {
    ConclaveProperties.Argon2 p = properties.passwords().argon2();
    this.encoder =
        new Argon2PasswordEncoder(16, 32, p.parallelism(), p.memoryKib(), p.iterations());
    this.shared =
        new Semaphore(Math.max(1, properties.passwords().maxConcurrentHashes() - 1), true);
    this.computed =
        Counter.builder("conclave.password.hashes")
            .description("Argon2id computations (hashing and verifying)")
            .register(meters);
    this.parameterPrefix =
        "$argon2id$v=19$m=%d,t=%d,p=%d$".formatted(p.memoryKib(), p.iterations(), p.parallelism());
    this.dummyHash = encoder.encode("conclave timing equaliser " + System.nanoTime());
  }

  /** Hashes a new password (setting or changing it: the person is already authenticated). */
  public String hash(String password) {
    Semaphore permit = acquire(Lane.TRUSTED);
    try {
      computed.increment();
      return encoder.encode(PasswordText.nfkc(password));
    } finally {
      permit.release();
    }
  }

  /** {@link #matches(String, String, Lane)} for a stranger. */
  public boolean matches(String password, String storedHash) {
    return matches(password, storedHash, Lane.UNTRUSTED);
  }

  /**
   * Checks a password against a stored hash in constant time. A null hash (no such account, or no
   * password) is checked against a dummy hash so the answer takes as long either way.
   *
   * @throws ApiException 503 when a stranger's check cannot get a permit in time
   */
  public boolean matches(String password, String storedHash, Lane lane) {
    Semaphore permit = acquire(lane);
    try {
      computed.increment();
      if (storedHash == null) {
        encoder.matches(password, dummyHash);
        return false;
      }
      return encoder.matches(PasswordText.nfkc(password), storedHash);
    } finally {
      permit.release();
    }
  }

  /** True when the stored hash was made with other parameters than configured now. */
  public boolean needsRehash(String storedHash) {
    // Any change of parameters, up or down, is applied: the operator's configuration wins.
    return storedHash != null && !storedHash.startsWith(parameterPrefix);
  }

  private Semaphore acquire(Lane lane) {
    try {
      if (lane == Lane.TRUSTED) {
        if (reserved.tryAcquire()) {
          return reserved;
        }
        if (shared.tryAcquire()) {
          return shared;
        }
        reserved.acquire();
        return reserved;
      }
      if (shared.tryAcquire(QUEUE_WAIT_SECONDS, TimeUnit.SECONDS)) {
        return shared;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    throw new ApiException(
        HttpStatus.SERVICE_UNAVAILABLE,
        "busy",
        "The server is busy checking sign-ins. Wait a few seconds and try again.");
  }
}
