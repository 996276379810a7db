package org.conclave.server.web;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.conclave.server.common.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Receives the violation reports browsers send for our Content-Security-Policy: the classic {@code
 * report-uri} form ({@code application/csp-report}, one {@code {"csp-report": {...}}} object) and
 * the Reporting API form ({@code application/reports+json}, an array of reports). Anyone may post
 * here (a browser sends reports without credentials or a CSRF token), so the body is bounded to
 * {@value #MAX_BYTES} bytes and at most {@value #MAX_REPORTS} reports per request, and nothing in
 * it is trusted. Answers 204 for every well-formed body, whether or not it held a violation.
 */
@RestController
class CspReportController {

  static final int MAX_BYTES = 8 * 1024;
  static final int MAX_REPORTS = 10;

  record ViolationsView(double count, List<CspViolations.Violation> recent) {}

  private final CspViolations violations;
  private final JsonMapper json;

  CspReportController(CspViolations violations, JsonMapper json) {
    this.violations = violations;
    this.json = json;
  }

  @PostMapping(
      path = "/api/v1/csp-reports",
      consumes = {"application/csp-report", "application/reports+json"})
  ResponseEntity<Void> report(HttpServletRequest request) throws IOException {
    JsonNode root = parse(request);
    if (root.isArray()) {
      int n = 0;
      for (JsonNode report : root) {
        if (n++ == MAX_REPORTS) {
          break;
        }
        if ("csp-violation".equals(text(report, "type")) && report.get("body") != null) {
          JsonNode b = report.get("body");
          violations.record(
              text(b, "documentURL"),
              text(b, "effectiveDirective"),
              text(b, "blockedURL"),
              text(b, "sourceFile"),
              number(b, "lineNumber"),
              text(b, "sample"));
        }
      }
    } else if (root.get("csp-report") != null && root.get("csp-report").isObject()) {
      JsonNode r = root.get("csp-report");
      String directive = text(r, "effective-directive");
      violations.record(
          text(r, "document-uri"),
          directive != null ? directive : text(r, "violated-directive"),
          text(r, "blocked-uri"),
          text(r, "source-file"),
          number(r, "line-number"),
          text(r, "script-sample"));
    }
    return ResponseEntity.noContent().build();
  }

  /** The violations reported lately, for administrators. */
  @GetMapping("/api/v1/admin/csp-reports")
  ViolationsView recent() {
    return new ViolationsView(violations.count(), violations.recent());
  }

  private JsonNode parse(HttpServletRequest request) throws IOException {
    if (request.getContentLengthLong() > MAX_BYTES) {
      throw tooLarge();
    }
    byte[] body;
    try (InputStream in = request.getInputStream()) {
      body = in.readNBytes(MAX_BYTES + 1);
    }
    if (body.length > MAX_BYTES) {
      throw tooLarge();
    }
    try {
      JsonNode root = json.readTree(body);
      if (root == null || !(root.isObject() || root.isArray())) {
        throw malformed();
      }
      return root;
    } catch (JacksonException e) {
      throw malformed();
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v != null && v.isString() ? v.asString() : null;
  }

  private static Integer number(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v != null && v.canConvertToInt() ? v.asInt() : null;
  }

  private static ApiException tooLarge() {
    return new ApiException(
        HttpStatus.CONTENT_TOO_LARGE,
        "report-too-large",
        "A violation report may be at most " + MAX_BYTES + " bytes.");
  }

  private static ApiException malformed() {
    return ApiException.badRequest(
        "malformed-report", "The body is not a Content-Security-Policy violation report.");
  }
}
