package org.conclave.server.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The title and description of the OpenAPI document served at /api/v1/openapi.json. */
@Configuration(proxyBeanMethods = false)
class OpenApiDocument {

  @Bean
  OpenAPI conclaveOpenApi() {
    return new OpenAPI()
        .info(
            new Info()
                .title("Conclave API")
                .version("v1")
                .description(
                    "The REST API of Conclave. Browser sessions authenticate with the session"
                        + " cookie and must echo the CSRF token (cookie __Host-csrf) in the"
                        + " X-CSRF-Token header on every change; automation uses a personal API"
                        + " token in 'Authorization: Bearer'. Errors are application/problem+json"
                        + " with a stable 'code'."));
  }
}
