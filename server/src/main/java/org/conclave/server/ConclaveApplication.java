package org.conclave.server;

import org.conclave.server.cli.AdminCli;
import org.conclave.server.config.ConclaveProperties;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The control plane. {@code admin ...} arguments run a headless operator command instead. */
@SpringBootApplication
@EnableScheduling
@EnableConfigurationProperties(ConclaveProperties.class)
public class ConclaveApplication {

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("admin")) {
      System.exit(AdminCli.run(args));
    }
    SpringApplication.run(ConclaveApplication.class, args);
  }
}
