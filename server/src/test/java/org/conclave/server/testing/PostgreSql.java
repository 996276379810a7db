package org.conclave.server.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.conclave.server.common.Secrets;

/**
 * A real PostgreSQL server for tests. CI ({@code .ci/run}) starts a throwaway cluster and passes it
 * in {@value #URL} (system property, or environment variable {@value #URL_ENV}), with {@value
 * #USER}/{@value #USER_ENV} and {@value #PASSWORD}/{@value #PASSWORD_ENV}. Without them — a
 * developer running {@code ./mvnw verify} — this starts its own throwaway cluster from Debian's
 * {@code postgresql} package (initdb in a temporary directory, as the {@code postgres} user when
 * running as root, listening only on 127.0.0.1 on a free port) and removes it when the JVM exits.
 * If PostgreSQL is not installed it fails with a message saying what to install: PostgreSQL support
 * is never silently left untested.
 */
public final class PostgreSql {

  public static final String URL = "conclave.test.postgresql.url";
  public static final String USER = "conclave.test.postgresql.user";
  public static final String PASSWORD = "conclave.test.postgresql.password";
  public static final String URL_ENV = "CONCLAVE_TEST_POSTGRESQL_URL";
  public static final String USER_ENV = "CONCLAVE_TEST_POSTGRESQL_USER";
  public static final String PASSWORD_ENV = "CONCLAVE_TEST_POSTGRESQL_PASSWORD";

  /** How to reach the database. */
  public record Server(String url, String username, String password) {}

  private static Server server;

  private PostgreSql() {}

  /** The server given by CI, or a throwaway cluster started on first use. */
  public static synchronized Server server() {
    if (server == null) {
      server = given().orElseGet(PostgreSql::startThrowawayCluster);
    }
    return server;
  }

  private static Optional<Server> given() {
    String url = setting(URL, URL_ENV);
    if (url == null || url.isBlank()) {
      return Optional.empty();
    }
    String user = setting(USER, USER_ENV);
    String password = setting(PASSWORD, PASSWORD_ENV);
    return Optional.of(
        new Server(url, user == null ? "conclave" : user, password == null ? "" : password));
  }

  private static String setting(String property, String env) {
    String value = System.getProperty(property);
    return value != null ? value : System.getenv(env);
  }

  private static Server startThrowawayCluster() {
    Path bin = installedBinaries();
    try {
      Path dir = Files.createTempDirectory("conclave-pg-");
      boolean root = "root".equals(System.getProperty("user.name"));
      String password = Secrets.token();
      Path passwordFile = dir.resolve("password");
      Files.writeString(passwordFile, password + "\n", StandardCharsets.UTF_8);
      Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
      if (root) {
        // PostgreSQL refuses to run as root: the cluster belongs to the postgres user.
        UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
        var postgres = users.lookupPrincipalByName("postgres");
        Files.setOwner(dir, postgres);
        Files.setOwner(passwordFile, postgres);
      }
      Path data = dir.resolve("data");
      run(
          root,
          dir,
          bin.resolve("initdb").toString(),
          "-D",
          data.toString(),
          "-U",
          "conclave",
          "--pwfile=" + passwordFile,
          "--auth=scram-sha-256",
          "-E",
          "UTF8",
          "--no-locale",
          "--no-sync");
      int port = freePort();
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      run(
                          root,
                          dir,
                          bin.resolve("pg_ctl").toString(),
                          "-D",
                          data.toString(),
                          "-m",
                          "immediate",
                          "stop");
                    } catch (RuntimeException ignored) {
                      // Already stopped.
                    }
                    deleteTree(dir);
                  }));
      run(
          root,
          dir,
          bin.resolve("pg_ctl").toString(),
          "-D",
          data.toString(),
          "-l",
          dir.resolve("server.log").toString(),
          "-w",
          "-t",
          "60",
          "-o",
          "-c listen_addresses=127.0.0.1 -p "
              + port
              + " -k "
              + dir
              + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
          "start");
      String base = "jdbc:postgresql://127.0.0.1:" + port + "/";
      try (var c = DriverManager.getConnection(base + "postgres", "conclave", password);
          var s = c.createStatement()) {
        s.execute("CREATE DATABASE conclave");
      }
      return new Server(base + "conclave", "conclave", password);
    } catch (IOException | SQLException e) {
      throw new IllegalStateException("Could not start a throwaway PostgreSQL cluster: " + e, e);
    }
  }

  private static Path installedBinaries() {
    Path root = Path.of("/usr/lib/postgresql");
    try (Stream<Path> versions = Files.isDirectory(root) ? Files.list(root) : Stream.empty()) {
      return versions
          .map(v -> v.resolve("bin"))
          .filter(b -> Files.isExecutable(b.resolve("initdb")))
          .max(Comparator.comparing(b -> versionOf(b.getParent())))
          .orElseThrow(
              () ->
                  new AssertionError(
                      "The PostgreSQL tests need a PostgreSQL server, and none is installed:"
                          + " install Debian's postgresql package (sudo apt-get install"
                          + " postgresql) so the tests can start a throwaway cluster, or point"
                          + " them at a test server with "
                          + URL_ENV
                          + " (a JDBC URL), "
                          + USER_ENV
                          + " and "
                          + PASSWORD_ENV
                          + "."));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int versionOf(Path dir) {
    try {
      return Integer.parseInt(dir.getFileName().toString());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void run(boolean asPostgres, Path dir, String... command) {
    List<String> full = new ArrayList<>();
    if (asPostgres) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(List.of(command));
    try {
      Process p =
          new ProcessBuilder(full).directory(dir.toFile()).redirectErrorStream(true).start();
      p.getOutputStream().close();
      byte[] output = p.getInputStream().readAllBytes();
      if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(
            String.join(" ", full) + " failed:\n" + new String(output, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new IllegalStateException(String.join(" ", full) + " could not run: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException ignored) {
      // A temporary directory; the system cleans it up eventually.
    }
  }
}
