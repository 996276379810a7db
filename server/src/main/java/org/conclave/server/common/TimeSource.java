package org.conclave.server.common;

import java.time.InstantSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one clock. Tests replace it to move time forward. */
@Configuration(proxyBeanMethods = false)
class TimeSource {

  @Bean
  InstantSource instantSource() {
    return InstantSource.system();
  }
}
