package org.conclave.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.conclave.server.account.Role;
import org.conclave.server.testing.ApiTest;
import org.conclave.server.testing.Browser;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class CspReportApiTest extends ApiTest {

  @Autowired CspViolations violations;
  @Autowired MeterRegistry meters;

  private static byte[] classicReport(String documentUri, String directive) {
    return ("""
            {"csp-report": {"document-uri": "%s", "referrer": "", "violated-directive": "%s",
             "effective-directive": "%s", "original-policy": "default-src 'self'",
             "disposition": "enforce", "blocked-uri": "inline", "line-number": 12,
             "source-file": "https://localhost/js/pages/sign-in.js", "status-code": 200}}
            """
            .formatted(documentUri, directive, directive))
        .getBytes(StandardCharsets.UTF_8);
  }

  private static String page() {
    return "https://localhost/sign-in?t=" + UUID.randomUUID();
  }

  @Test
  void classicReportIsCountedAndKeptWithoutSignInOrCsrfToken() {
    String page = page();
    double before = violations.count();

    var r =
        browser()
            .withoutCsrf()
            .postRaw(
                "/api/v1/csp-reports",
                "application/csp-report",
                classicReport(page, "style-src-attr"));

    assertThat(r.status()).isEqualTo(204);
    assertThat(violations.count()).isEqualTo(before + 1);
    var kept = violations.recent().get(0);
    assertThat(kept.documentUri()).isEqualTo(page);
    assertThat(kept.directive()).isEqualTo("style-src-attr");
    assertThat(kept.blockedUri()).isEqualTo("inline");
    assertThat(kept.lineNumber()).isEqualTo(12);
  }

  @Test
  void reportingApiBatchCountsEachViolationAndIgnoresOtherReports() {
    String page = page();
    double before = violations.count();
    String body =
        """
        [{"type": "csp-violation", "age": 10, "url": "%1$s", "user_agent": "test",
          "body": {"documentURL": "%1$s", "effectiveDirective": "script-src-elem",
                   "blockedURL": "https://elsewhere.invalid/x.js", "disposition": "enforce",
                   "statusCode": 200, "lineNumber": 3}},
         {"type": "deprecation", "age": 10, "url": "%1$s", "body": {"id": "x"}},
         {"type": "csp-violation", "age": 10, "url": "%1$s",
          "body": {"documentURL": "%1$s", "effectiveDirective": "img-src",
                   "blockedURL": "data", "disposition": "enforce"}}]
        """
            .formatted(page);

    var r =
        browser()
            .withoutCsrf()
            .postRaw(
                "/api/v1/csp-reports",
                "application/reports+json",
                body.getBytes(StandardCharsets.UTF_8));

    assertThat(r.status()).isEqualTo(204);
    assertThat(violations.count()).isEqualTo(before + 2);
    assertThat(violations.recent())
        .filteredOn(v -> page.equals(v.documentUri()))
        .extracting(CspViolations.Violation::directive)
        .containsExactlyInAnyOrder("script-src-elem", "img-src");
  }

  @Test
  void oversizedReportIsRefusedAndNotCounted() {
    double before = violations.count();
    byte[] huge = classicReport(page() + "x".repeat(CspReportController.MAX_BYTES), "img-src");

    var r = browser().withoutCsrf().postRaw("/api/v1/csp-reports", "application/csp-report", huge);

    assertThat(r.status()).isEqualTo(413);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.json().get("code").asString()).isEqualTo("report-too-large");
    assertThat(violations.count()).isEqualTo(before);
  }

  @Test
  void malformedReportIsRefusedAndNotCounted() {
    double before = violations.count();

    var r =
        browser()
            .withoutCsrf()
            .postRaw(
                "/api/v1/csp-reports",
                "application/csp-report",
                "{\"csp-report\": ".getBytes(StandardCharsets.UTF_8));

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("code").asString()).isEqualTo("malformed-report");
    assertThat(violations.count()).isEqualTo(before);
  }

  @Test
  void otherContentTypesAreRefused() {
    var r =
        browser()
            .withoutCsrf()
            .postRaw("/api/v1/csp-reports", "application/json", classicReport(page(), "img-src"));

    assertThat(r.status()).isEqualTo(415);
    assertThat(r.contentType()).startsWith("application/problem+json");
  }

  @Test
  void controlCharactersInReportsAreNeutralisedAndUnknownDirectivesTaggedOther() {
    String page = page();
    String forged = page + "\\n2026-01-01 WARN forged log line";

    browser()
        .withoutCsrf()
        .postRaw(
            "/api/v1/csp-reports",
            "application/csp-report",
            classicReport(forged, "made-up-directive"));

    var kept =
        violations.recent().stream()
            .filter(v -> v.documentUri() != null && v.documentUri().startsWith(page))
            .findFirst()
            .orElseThrow();
    assertThat(kept.documentUri()).doesNotContain("\n").contains("?2026-01-01 WARN");
    assertThat(kept.directive()).isEqualTo("made-up-directive");
    assertThat(meters.find(CspViolations.METER).tag("directive", "made-up-directive").counter())
        .isNull();
    assertThat(meters.find(CspViolations.METER).tag("directive", "other").counter()).isNotNull();
  }

  @Test
  void administratorsCanReadRecentViolationsAndOthersCannot() {
    String page = page();
    browser()
        .withoutCsrf()
        .postRaw("/api/v1/csp-reports", "application/csp-report", classicReport(page, "img-src"));
    Browser admin = signedIn(createUser(newUsername("csp-admin"), Role.ADMIN));
    Browser member = signedIn(createUser(newUsername("csp-member"), Role.MEMBER));

    var seen = admin.get("/api/v1/admin/csp-reports");
    var refused = member.get("/api/v1/admin/csp-reports");

    assertThat(seen.status()).isEqualTo(200);
    assertThat(seen.json().get("count").asDouble()).isPositive();
    assertThat(seen.body()).contains(page);
    assertThat(refused.status()).isEqualTo(403);
  }
}
