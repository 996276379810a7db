package org.conclave.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.conclave.server.testing.ApiTest;
import org.junit.jupiter.api.Test;

class ErrorPageApiTest extends ApiTest {

  @Test
  void browserAskingForAMissingPageGetsTheFriendlyPage() {
    var r =
        browser().send(browser().request("/no-such-page").setHeader("Accept", "text/html").GET());

    assertThat(r.status()).isEqualTo(404);
    assertThat(r.contentType()).startsWith("text/html");
    assertThat(r.body()).contains("<html").doesNotContain("\"status\"");
    assertThat(r.header("Content-Security-Policy")).contains("default-src 'self'");
  }

  @Test
  void apiClientAskingForAMissingPageGetsProblemJson() {
    var r = browser().get("/no-such-page");

    assertThat(r.status()).isEqualTo(404);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.json().get("code").asString()).isEqualTo("not-found");
  }
}
