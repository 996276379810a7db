package org.conclave.server.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.stream.Collectors;
import org.conclave.server.common.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error from a controller becomes {@code application/problem+json} with a stable {@code code}
 * and a sentence saying what to do. Unexpected exceptions are logged and answered with a generic
 * 500 that reveals nothing internal.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

  @ExceptionHandler(ApiException.class)
  ResponseEntity<ProblemDetail> api(ApiException e, HttpServletRequest request) {
    return ResponseEntity.status(e.status())
        .body(
            ProblemResponses.problem(
                e.status(), e.code(), e.getMessage(), request.getRequestURI()));
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
    log.error("Unexpected error on {} {}", request.getMethod(), request.getRequestURI(), e);
    return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
        .body(
            ProblemResponses.problem(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "internal-error",
                "Something went wrong on the server. Nothing was changed; try again.",
                request.getRequestURI()));
  }

  @Override
  protected ResponseEntity<Object> handleMethodArgumentNotValid(
      MethodArgumentNotValidException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    String fields =
        e.getBindingResult().getFieldErrors().stream()
            .map(f -> f.getField() + " " + f.getDefaultMessage())
            .sorted()
            .collect(Collectors.joining("; "));
    ProblemDetail p =
        ProblemResponses.problem(
            HttpStatus.BAD_REQUEST,
            "invalid-field",
            "Some fields are not valid: " + fields + ".",
            path(request));
    return ResponseEntity.badRequest().body(p);
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    ProblemDetail p =
        ProblemResponses.problem(
            HttpStatus.BAD_REQUEST,
            "malformed-request",
            "The request body is not valid JSON of the expected shape (unknown fields, wrong"
                + " types and invalid UTF-8 are refused).",
            path(request));
    return ResponseEntity.badRequest().body(p);
  }

  @Override
  protected ResponseEntity<Object> handleExceptionInternal(
      Exception e, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    HttpStatus s = HttpStatus.resolve(status.value());
    if (s == null) {
      s = HttpStatus.BAD_REQUEST;
    }
    if (request instanceof ServletWebRequest r && ProblemResponses.wantsPage(r.getRequest())) {
      // A person in a browser (no such page, wrong method): the friendly page, not JSON.
      return ResponseEntity.status(s)
          .contentType(MediaType.TEXT_HTML)
          .body(ErrorPages.friendlyPage());
    }
    String code = s.name().toLowerCase().replace('_', '-');
    String detail =
        s == HttpStatus.NOT_FOUND ? "There is nothing at this address." : s.getReasonPhrase() + ".";
    ProblemDetail p = ProblemResponses.problem(s, code, detail, path(request));
    return ResponseEntity.status(s).headers(headers).body(p);
  }

  private static String path(WebRequest request) {
    return request instanceof ServletWebRequest r ? r.getRequest().getRequestURI() : null;
  }
}
