package org.conclave.server.account;

import java.util.concurrent.Semaphore;
import org.conclave.server.config.ConclaveProperties;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Argon2id hashing with the configured parameters. Each hash costs tens of milliseconds and ~19
 * MiB, so at most {@code passwords.max-concurrent-hashes} run at once: a burst of sign-ins queues
 * instead of exhausting memory. Callers must rate-limit before calling.
 */
@Component
public class PasswordHasher {

  private final Argon2PasswordEncoder encoder;
  private final Semaphore permits;
  private final String dummyHash;
  private final String parameterPrefix;
  private final io.micrometer.core.instrument.Counter computed;

  PasswordHasher(
      ConclaveProperties properties, io.micrometer.core.instrument.MeterRegistry meters) {
    this.computed =
        io.micrometer.core.instrument.Counter.builder("conclave.password.hashes")
            .description("Argon2id computations (hashing and verifying)")
            .register(meters);
    ConclaveProperties.Argon2 p = properties.passwords().argon2();
    this.encoder =
        new Argon2PasswordEncoder(16, 32, p.parallelism(), p.memoryKib(), p.iterations());
    this.permits = new Semaphore(properties.passwords().maxConcurrentHashes(), true);
    this.parameterPrefix =
        "$argon2id$v=19$m=%d,t=%d,p=%d$".formatted(p.memoryKib(), p.iterations(), p.parallelism());
    this.dummyHash = encoder.encode("conclave timing equaliser " + System.nanoTime());
  }

  public String hash(String password) {
    permits.acquireUninterruptibly();
    try {
      computed.increment();
      return encoder.encode(password);
    } finally {
      permits.release();
    }
  }

  /**
   * Checks a password against a stored hash in constant time. A null hash (no such account, or no
   * password) is checked against a dummy hash so the answer takes as long either way.
   */
  public boolean matches(String password, String storedHash) {
    permits.acquireUninterruptibly();
    try {
      computed.increment();
      if (storedHash == null) {
        encoder.matches(password, dummyHash);
        return false;
      }
      return encoder.matches(password, storedHash);
    } finally {
      permits.release();
    }
  }

  /** True when the stored hash was made with other parameters than configured now. */
  public boolean needsRehash(String storedHash) {
    // Any change of parameters, up or down, is applied: the operator's configuration wins.
    return storedHash != null && !storedHash.startsWith(parameterPrefix);
  }
}
