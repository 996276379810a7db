package org.conclave.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.conclave.server.testing.ApiTest;
import org.junit.jupiter.api.Test;

class OpenApiApiTest extends ApiTest {

  @Test
  void openApiDocumentDescribesTheApi() {
    var r = browser().get("/api/v1/openapi.json");

    assertThat(r.status()).isEqualTo(200);
    var doc = r.json();
    assertThat(doc.get("openapi").asString()).startsWith("3.");
    assertThat(doc.get("info").get("title").asString()).isEqualTo("Conclave API");
    assertThat(doc.get("paths").has("/api/v1/auth/sign-in")).isTrue();
    assertThat(doc.get("paths").has("/api/v1/session")).isTrue();
  }
}
