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
    // The embedded H2 database lets the command line in while the server runs (AUTO_SERVER) by
    // opening a TCP port; keep that port on loopback rather than on every interface.
    if (System.getProperty("h2.bindAddress") == null) {
      System.setProperty("h2.bindAddress", "127.0.0.1");
    }
    if (args.length > 0 && args[0].equals("admin")) {
      System.exit(AdminCli.run(args));
    }
    SpringApplication.run(ConclaveApplication.class, args);
  }
}
