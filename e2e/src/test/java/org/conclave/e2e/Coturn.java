package org.conclave.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real TURN relay for the tests: coturn's {@code turnserver} (Debian package {@code coturn}) on
 * 127.0.0.1 only, with the TURN REST API shared secret ({@code use-auth-secret}), no TLS, no admin
 * console, relay ports on loopback, and loopback peers allowed (the media server under test is on
 * 127.0.0.1; a production relay must not allow that: see deploy/coturn). Its log is kept for
 * assertions.
 */
final class Coturn implements AutoCloseable {

  private static final Path BINARY = Path.of("/usr/bin/turnserver");

  private final Process process;
  private final int port;
  private final List<String> log = new CopyOnWriteArrayList<>();

  private Coturn(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts a relay that accepts credentials made with {@code secret}, and waits for it. */
  static Coturn start(String secret) {
    if (!Files.isExecutable(BINARY)) {
      throw new IllegalStateException(
          BINARY + " is missing: install the Debian package coturn (.ci/run does).");
    }
    try {
      Path dir = Files.createTempDirectory("conclave-coturn-");
      int port = freePort();
      List<String> cmd = new ArrayList<>();
      cmd.add(BINARY.toString());
      cmd.addAll(
          List.of(
              "-n",
              "--listening-ip=127.0.0.1",
              "--relay-ip=127.0.0.1",
              "--listening-port=" + port,
              "--alt-listening-port=0",
              "--min-port=" + (port + 1),
              "--max-port=" + (port + 200),
              "--no-tls",
              "--no-dtls",
              "--no-cli",
              "--use-auth-secret",
              "--static-auth-secret=" + secret,
              "--realm=conclave.test",
              "--allow-loopback-peers",
              "--no-multicast-peers",
              "--fingerprint",
              "--no-software-attribute",
              "--pidfile=" + dir.resolve("turnserver.pid"),
              "--db=" + dir.resolve("turndb"),
              "--log-file=stdout",
              "--simple-log",
              "--verbose"));
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      Coturn c = new Coturn(p, port);
      Thread reader = new Thread(c::readLog, "coturn-log");
      reader.setDaemon(true);
      reader.start();
      c.awaitListening();
      return c;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Its TCP and UDP port on 127.0.0.1. */
  int port() {
    return port;
  }

  /** What it has logged so far. */
  List<String> log() {
    return List.copyOf(log);
  }

  private void readLog() {
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        log.add(line);
      }
    } catch (IOException e) {
      // The process ended.
    }
  }

  private void awaitListening() {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("turnserver stopped at start: " + String.join("\n", log));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException e) {
        sleep();
      }
    }
    close();
    throw new IllegalStateException("turnserver did not listen within 20 s: " + log);
  }

  /** A port with room above it for the relay ports (a few hundred), free now. */
  private static int freePort() throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      int candidate = 20000 + (int) (Math.random() * 20000);
      try (ServerSocket s = new ServerSocket()) {
        s.bind(new InetSocketAddress("127.0.0.1", candidate));
        return candidate;
      } catch (IOException e) {
        // taken: try another
      }
    }
    throw new IOException("no free port for turnserver");
  }

  private static void sleep() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    process.destroy();
  }
}
