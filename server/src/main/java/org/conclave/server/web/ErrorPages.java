package org.conclave.server.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Errors that never reached a controller (no such page, a body too large, a failure in a filter):
 * problem+json for the API, the friendly error page for browsers.
 */
@Controller
class ErrorPages implements ErrorController {

  private final ProblemResponses problems;

  ErrorPages(ProblemResponses problems) {
    this.problems = problems;
  }

  @RequestMapping("/error")
  void error(HttpServletRequest request, HttpServletResponse response)
      throws IOException, jakarta.servlet.ServletException {
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    HttpStatus status =
        code instanceof Integer i && HttpStatus.resolve(i) != null
            ? HttpStatus.resolve(i)
            : HttpStatus.INTERNAL_SERVER_ERROR;
    Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
    String path = uri == null ? request.getRequestURI() : uri.toString();
    if (!path.startsWith("/api/") && acceptsHtml(request)) {
      response.setStatus(status.value());
      request.getRequestDispatcher("/error.html").forward(request, response);
      return;
    }
    String slug = status.name().toLowerCase().replace('_', '-');
    String detail =
        switch (status) {
          case NOT_FOUND -> "There is nothing at this address.";
          case PAYLOAD_TOO_LARGE, CONTENT_TOO_LARGE -> "The request is too large.";
          case METHOD_NOT_ALLOWED -> "This address does not accept that method.";
          default ->
              status.is5xxServerError()
                  ? "Something went wrong on the server. Nothing was changed; try again."
                  : status.getReasonPhrase() + ".";
        };
    problems.write(response, ProblemResponses.problem(status, slug, detail, path));
  }

  /** The friendly error page (static/error.html), read once. */
  static String friendlyPage() {
    return FRIENDLY_PAGE;
  }

  private static final String FRIENDLY_PAGE = load();

  private static String load() {
    try (var in = ErrorPages.class.getResourceAsStream("/static/error.html")) {
      if (in == null) {
        return "<!doctype html><title>Error</title><p>Something went wrong.</p>";
      }
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static boolean acceptsHtml(HttpServletRequest request) {
    String accept = request.getHeader("Accept");
    return accept != null && accept.contains("text/html");
  }
}
