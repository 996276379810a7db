package org.conclave.server.auth.mfa;

import jakarta.servlet.http.HttpServletResponse;
import java.util.function.Supplier;
import org.conclave.server.common.ApiException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/** Too many attempts: answered 429, code {@code throttled}, with a Retry-After header. */
final class Throttled extends ApiException {

  private final long retryAfterSeconds;

  Throttled(long retryAfterSeconds, String what) {
    super(
        HttpStatus.TOO_MANY_REQUESTS,
        "throttled",
        "Too many " + what + ". Wait " + retryAfterSeconds + " seconds and try again.");
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** Runs the action; when it is throttled, puts the Retry-After header on the response. */
  static <T> T answering(HttpServletResponse response, Supplier<T> action) {
    try {
      return action.get();
    } catch (Throttled t) {
      response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(t.retryAfterSeconds));
      throw t;
    }
  }
}
