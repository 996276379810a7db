package org.conclave.server.common;

import org.springframework.http.HttpStatus;

/**
 * A refusal meant for the client: the HTTP status, a stable machine-readable {@code code} (the
 * browser client shows its own wording for it, in the user's language) and an English sentence
 * saying what happened and what to do. Rendered as {@code application/problem+json}.
 */
public class ApiException extends RuntimeException {

  private final HttpStatus status;
  private final String code;

  public ApiException(HttpStatus status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  public HttpStatus status() {
    return status;
  }

  public String code() {
    return code;
  }

  public static ApiException badRequest(String code, String message) {
    return new ApiException(HttpStatus.BAD_REQUEST, code, message);
  }

  public static ApiException notFound(String message) {
    return new ApiException(HttpStatus.NOT_FOUND, "not-found", message);
  }

  public static ApiException forbidden(String code, String message) {
    return new ApiException(HttpStatus.FORBIDDEN, code, message);
  }
}
