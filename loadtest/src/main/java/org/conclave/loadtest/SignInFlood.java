package org.conclave.loadtest;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.conclave.server.ConclaveApplication;
import org.conclave.server.account.AccountService;
import org.conclave.server.account.Role;
import org.conclave.server.audit.Actor;
import org.conclave.server.audit.AuditEvent;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Legitimate users keep signing in while attackers flood wrong passwords (credential stuffing from
 * many addresses, one password per account, as with lists recycled from older breaches). Runs the
 * real server in this JVM on loopback with production Argon2id parameters, measures the legitimate
 * sign-ins' latency with and without the flood, and how much of the flood ever reached a password
 * hash.
 */
final class SignInFlood {

  private static final String PASSWORD = "quiet lantern orchard meridian 58";
  private static final int TARGET_ACCOUNTS = 200;

  private SignInFlood() {}

  static void run(Bench.Options options) throws Exception {
    Path data = Files.createTempDirectory("conclave-bench-");
    System.setProperty("conclave.data-dir", data.toString());
    System.setProperty("conclave.http.tls", "SELF_SIGNED");
    System.setProperty("conclave.http.trusted-proxies[0]", "127.0.0.1/32");
    System.setProperty("conclave.http.redirect-port", "0");
    System.setProperty("server.port", "0");
    System.setProperty("logging.level.root", "WARN");
    System.setProperty("ice4j.harvest.mapping.aws.enabled", "false");
    try (ConfigurableApplicationContext ctx = SpringApplication.run(ConclaveApplication.class)) {
      int port = Integer.parseInt(ctx.getEnvironment().getProperty("local.server.port"));
      String base = "https://localhost:" + port;
      AccountService accounts = ctx.getBean(AccountService.class);
      MeterRegistry meters = ctx.getBean(MeterRegistry.class);
      List<String> legitUsers = new ArrayList<>();
      for (int i = 0; i < options.legit(); i++) {
        legitUsers.add(create(accounts, "member" + i));
      }
      List<String> targets = new ArrayList<>();
      for (int i = 0; i < TARGET_ACCOUNTS; i++) {
        targets.add("target" + i);
        if (i % 4 == 0) {
          create(accounts, "target" + i); // some of the stuffed names exist, most do not
        }
      }
      SSLContext ssl = trust(data.resolve("tls/certificate.pem"));
      // Each legitimate user keeps one browser (and so its cookies) across both phases, as a
      // returning user does; the quiet phase is their earlier visits.
      List<Client> legitClients = new ArrayList<>();
      for (int i = 0; i < legitUsers.size(); i++) {
        legitClients.add(new Client(base, ssl, "198.19.0." + (i + 1)));
      }

      System.out.printf(
          "sign-in-flood: %d s per phase, %d legitimate clients, %d attacker threads, Argon2id"
              + " m=19456 KiB t=2 p=1, %d cores%n%n",
          options.seconds(),
          options.legit(),
          options.attackers(),
          Runtime.getRuntime().availableProcessors());
      Phase quiet = phase(base, ssl, legitClients, legitUsers, targets, options, 0, meters);
      Phase flood =
          phase(base, ssl, legitClients, legitUsers, targets, options, options.attackers(), meters);
      System.out.println(
          "| phase | legit sign-ins | succeeded | p50 ms | p95 ms | p99 ms | flood req/s |"
              + " flood 401 | flood 429 | hashes by flood |");
      System.out.println("|---|---|---|---|---|---|---|---|---|---|");
      System.out.println(quiet.row("no flood"));
      System.out.println(flood.row("flood"));
    }
  }

  private static String create(AccountService accounts, String name) {
    accounts.create(
        name,
        name,
        name + "@bench.test",
        Role.MEMBER,
        PASSWORD,
        Actor.system(),
        AuditEvent.USER_CREATED);
    return name;
  }

  record Phase(
      int attempts,
      int succeeded,
      List<Long> latenciesMicros,
      long floodRequests,
      long flood401,
      long flood429,
      double seconds,
      double floodHashes) {

    String row(String name) {
      List<Long> l = new ArrayList<>(latenciesMicros);
      Collections.sort(l);
      return String.format(
          "| %s | %d | %.1f%% | %.1f | %.1f | %.1f | %.0f | %d | %d | %.0f |",
          name,
          attempts,
          attempts == 0 ? 0 : 100.0 * succeeded / attempts,
          pct(l, 0.50),
          pct(l, 0.95),
          pct(l, 0.99),
          floodRequests / seconds,
          flood401,
          flood429,
          floodHashes);
    }

    private static double pct(List<Long> sorted, double p) {
      if (sorted.isEmpty()) {
        return Double.NaN;
      }
      return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(p * sorted.size()))) / 1000.0;
    }
  }

  private static Phase phase(
      String base,
      SSLContext ssl,
      List<Client> legitClients,
      List<String> legitUsers,
      List<String> targets,
      Bench.Options options,
      int attackers,
      MeterRegistry meters)
      throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(options.seconds()).toNanos();
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    AtomicLong attempts = new AtomicLong();
    AtomicLong succeeded = new AtomicLong();
    AtomicLong floodRequests = new AtomicLong();
    AtomicLong flood401 = new AtomicLong();
    AtomicLong flood429 = new AtomicLong();
    AtomicLong legitHashes = new AtomicLong();
    double hashesBefore = meters.counter("conclave.password.hashes").count();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < legitUsers.size(); i++) {
      String user = legitUsers.get(i);
      Client c = legitClients.get(i);
      threads.add(
          start(
              () -> {
                while (System.nanoTime() < end) {
                  long t0 = System.nanoTime();
                  int status = c.signIn(user, PASSWORD);
                  latencies.add((System.nanoTime() - t0) / 1000);
                  attempts.incrementAndGet();
                  legitHashes.incrementAndGet();
                  if (status == 200) {
                    succeeded.incrementAndGet();
                  }
                  sleep(200);
                }
              }));
    }
    for (int i = 0; i < attackers; i++) {
      int n = i;
      threads.add(
          start(
              () -> {
                Client c = new Client(base, ssl, null);
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (System.nanoTime() < end) {
                  // A botnet: each request from one of 4,096 addresses.
                  c.address = "198.18." + (n * 16 + random.nextInt(16)) + "." + random.nextInt(256);
                  String target = targets.get(random.nextInt(targets.size()));
                  int status = c.signIn(target, "Password" + random.nextInt(1_000_000) + "!");
                  floodRequests.incrementAndGet();
                  if (status == 401) {
                    flood401.incrementAndGet();
                  } else if (status == 429) {
                    flood429.incrementAndGet();
                  }
                }
              }));
    }
    for (Thread t : threads) {
      t.join();
    }
    double hashes = meters.counter("conclave.password.hashes").count() - hashesBefore;
    return new Phase(
        (int) attempts.get(),
        (int) succeeded.get(),
        latencies,
        floodRequests.get(),
        flood401.get(),
        flood429.get(),
        options.seconds(),
        hashes - legitHashes.get());
  }

  private static Thread start(Runnable body) {
    Thread t = new Thread(body);
    t.start();
    return t;
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static SSLContext trust(Path certificate) throws Exception {
    try (var in = Files.newInputStream(certificate)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setCertificateEntry(
          "conclave", CertificateFactory.getInstance("X.509").generateCertificate(in));
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    }
  }

  /** One HTTP client with its own cookies and CSRF token, as a browser would have. */
  private static final class Client {
    private final String base;
    private final HttpClient http;
    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    volatile String address;

    Client(String base, SSLContext ssl, String address) {
      this.base = base;
      this.address = address;
      this.http =
          HttpClient.newBuilder()
              .sslContext(ssl)
              .cookieHandler(cookies)
              .connectTimeout(Duration.ofSeconds(10))
              .build();
    }

    int signIn(String username, String password) {
      try {
        String csrf = csrf();
        HttpRequest request =
            HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/sign-in"))
                .header("Content-Type", "application/json")
                .header("X-CSRF-Token", csrf)
                .header("X-Forwarded-For", address)
                .timeout(Duration.ofSeconds(60))
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}"))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      } catch (Exception e) {
        return -1;
      }
    }

    private String csrf() throws Exception {
      for (HttpCookie c : cookies.getCookieStore().getCookies()) {
        if (c.getName().equals("__Host-csrf")) {
          return c.getValue();
        }
      }
      http.send(
          HttpRequest.newBuilder(URI.create(base + "/api/v1/session")).build(),
          HttpResponse.BodyHandlers.discarding());
      return csrf();
    }
  }
}
