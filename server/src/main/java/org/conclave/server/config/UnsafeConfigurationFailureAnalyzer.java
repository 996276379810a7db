package org.conclave.server.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Prints a refused configuration as Spring Boot's "APPLICATION FAILED TO START" report: the
 * sentence from {@link UnsafeConfigurationException} and where the settings live, with no stack
 * trace. Registered in {@code META-INF/spring.factories}.
 */
class UnsafeConfigurationFailureAnalyzer
    extends AbstractFailureAnalyzer<UnsafeConfigurationException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, UnsafeConfigurationException cause) {
    return new FailureAnalysis(
        "Conclave refused to start because its configuration is unsafe: " + cause.getMessage(),
        "Change the setting in conclave.yml (or its CONCLAVE_* environment variable; see"
            + " conclave.example.yml) and start Conclave again.",
        cause);
  }
}
