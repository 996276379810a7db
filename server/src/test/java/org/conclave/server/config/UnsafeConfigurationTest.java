package org.conclave.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.conclave.server.ConclaveApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Unsafe settings stop Conclave before anything starts, with one sentence naming the key and saying
 * how to fix it. Each test starts a Spring application with one bad setting on its command line (or
 * in its environment) through the same configuration pipeline as Conclave: the same property
 * sources and binding, the start-up environment processing, the check, the failure report. To keep
 * them fast, most start only the check itself; the tests named "theRealApplication..." start all of
 * Conclave to show the check is wired into it.
 */
class UnsafeConfigurationTest {

  /**
   * Tests of the whole application run in the same JVM and set {@code conclave.*} system properties
   * (cheap hashing, trusted proxies, the data directory) that would mask the refusals tested here;
   * they are set aside for each test and put back afterwards.
   */
  private static final java.nio.file.Path DATA_DIR =
      java.nio.file.Path.of("target", "unsafe-configuration-test");

  private final java.util.Map<String, String> setAside = new java.util.HashMap<>();

  @org.junit.jupiter.api.BeforeEach
  void setAsideSystemProperties() {
    for (String name : System.getProperties().stringPropertyNames()) {
      if (name.startsWith("conclave.")) {
        setAside.put(name, System.getProperty(name));
        System.clearProperty(name);
      }
    }
  }

  @org.junit.jupiter.api.AfterEach
  void restoreSystemProperties() {
    setAside.forEach(System::setProperty);
  }

  /**
   * Starts Conclave (without a web server, on a throwaway in-memory database in case a check
   * wrongly lets it through) with the given settings, and returns the refusal.
   */
  private static UnsafeConfigurationException refusal(String... settings) {
    return refusal(application(), settings);
  }

  private static UnsafeConfigurationException refusal(SpringApplication app, String... settings) {
    Throwable thrown = catchStart(app, settings);
    assertThat(thrown).isInstanceOf(UnsafeConfigurationException.class);
    return (UnsafeConfigurationException) thrown;
  }

  /** An application made of the configuration check alone. */
  private static SpringApplication application() {
    SpringApplication app = new SpringApplication(ConfigurationCheck.class);
    app.setWebApplicationType(WebApplicationType.NONE);
    return app;
  }

  /** All of Conclave (without its web server, on a throwaway database if it got that far). */
  private static SpringApplication realApplication() {
    SpringApplication app = new SpringApplication(ConclaveApplication.class);
    app.setWebApplicationType(WebApplicationType.NONE);
    return app;
  }

  private static Throwable catchStart(SpringApplication app, String... settings) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("spring.datasource.url", "jdbc:h2:mem:refused-" + System.nanoTime());
    // The test suite's own cheap-hashing allowance must not mask the refusals tested here.
    values.put("conclave.passwords.argon2.allow-weak-for-tests", "false");
    values.put("conclave.http.tls", "self-signed");
    values.put("conclave.data-dir", DATA_DIR.toString());
    for (String s : settings) {
      int eq = s.indexOf('=');
      values.put(s.substring(0, eq), s.substring(eq + 1));
    }
    List<String> args = new ArrayList<>();
    values.forEach((k, v) -> args.add("--" + k + "=" + v));
    try {
      app.run(args.toArray(String[]::new)).close();
      return null;
    } catch (Throwable t) {
      return t;
    }
  }

  private static ConclaveProperties defaults() {
    return new ConclaveProperties(
        null, null, null, null, null, null, null, null, null, null, null, null, null);
  }

  @Test
  void defaultsAreSafe() {
    assertThatCode(() -> StartupSafetyCheck.check(defaults(), false)).doesNotThrowAnyException();
  }

  /**
   * A refusal raised while binding a settings record: Spring wraps it in its bind exception, whose
   * failure analyser shows our sentence.
   */
  private static UnsafeConfigurationException bindRefusal(String... settings) {
    Throwable t = catchStart(application(), settings);
    while (t != null && !(t instanceof UnsafeConfigurationException)) {
      t = t.getCause();
    }
    assertThat(t).as("an UnsafeConfigurationException in the cause chain").isNotNull();
    return (UnsafeConfigurationException) t;
  }

  @Test
  void aWildcardAnnouncedMediaAddressIsRefused() {
    assertThat(bindRefusal("conclave.media.announced-addresses[0]=0.0.0.0").getMessage())
        .startsWith("conclave.media.announced-addresses contains '0.0.0.0'")
        .contains("list the address browsers use");
  }

  @Test
  void aConsentTimeoutUnderFiveSecondsIsRefused() {
    assertThat(bindRefusal("conclave.media.consent-timeout=1s").getMessage())
        .startsWith("conclave.media.consent-timeout is PT1S")
        .contains("between 5 seconds and 5 minutes");
  }

  @Test
  void aLastNOfZeroIsRefused() {
    assertThat(bindRefusal("conclave.media.last-n=0").getMessage())
        .startsWith("conclave.media.last-n is 0")
        .contains("must be 1 to 100");
  }

  @Test
  void aTurnRelayWithoutASharedSecretIsRefused() {
    assertThat(bindRefusal("conclave.turn.urls[0]=turn:turn.example.org:3478").getMessage())
        .startsWith("conclave.turn.shared-secret must be at least 32 characters")
        .contains("openssl rand -hex 32");
  }

  @Test
  void aShortTurnSharedSecretIsRefused() {
    assertThat(
            bindRefusal(
                    "conclave.turn.urls[0]=turn:turn.example.org:3478",
                    "conclave.turn.shared-secret=" + "s".repeat(31))
                .getMessage())
        .startsWith("conclave.turn.shared-secret must be at least 32 characters");
  }

  @Test
  void aTurnAddressThatIsNotTurnIsRefused() {
    assertThat(
            bindRefusal(
                    "conclave.turn.urls[0]=https://turn.example.org",
                    "conclave.turn.shared-secret=" + "s".repeat(40))
                .getMessage())
        .startsWith("conclave.turn.urls contains 'https://turn.example.org'")
        .contains("turns:host:443?transport=tcp");
  }

  @Test
  void aTurnCredentialLifetimeOverADayIsRefused() {
    assertThat(bindRefusal("conclave.turn.credential-ttl=25h").getMessage())
        .startsWith("conclave.turn.credential-ttl is PT25H")
        .contains("between 1 minute and 24 hours");
  }

  @Test
  void passwordMinimumBelowEightIsRefused() {
    assertThat(refusal("conclave.passwords.min-length=7").getMessage())
        .startsWith("conclave.passwords.min-length is 7")
        .contains("at least 8");
  }

  @Test
  void passwordMaximumBelow128IsRefused() {
    assertThat(refusal("conclave.passwords.max-length=64").getMessage())
        .startsWith("conclave.passwords.max-length is 64")
        .contains("at least 128");
  }

  @Test
  void argon2MemoryBelowTheFloorIsRefused() {
    assertThat(refusal("conclave.passwords.argon2.memory-kib=8192").getMessage())
        .startsWith("conclave.passwords.argon2 is memory-kib 8192")
        .contains("19456");
  }

  @Test
  void argon2SinglePassIsRefused() {
    assertThat(refusal("conclave.passwords.argon2.iterations=1").getMessage())
        .contains("iterations 1")
        .contains("raise them");
  }

  @Test
  void weakArgon2IsAllowedOnlyWithTheExplicitTestFlag() {
    SpringApplication app = application();
    Throwable thrown =
        catchStart(
            app,
            "conclave.passwords.argon2.memory-kib=8192",
            "conclave.passwords.argon2.iterations=1",
            // Stops the start right after the check, so the test needs no database.
            "conclave.sessions.idle-timeout=13h",
            "conclave.passwords.argon2.allow-weak-for-tests=true");

    assertThat(thrown).isInstanceOf(UnsafeConfigurationException.class);
    assertThat(thrown.getMessage()).startsWith("conclave.sessions.idle-timeout");
  }

  @Test
  void idleTimeoutLongerThanAbsoluteLifetimeIsRefused() {
    assertThat(
            refusal("conclave.sessions.idle-timeout=2h", "conclave.sessions.absolute-lifetime=1h")
                .getMessage())
        .startsWith("conclave.sessions.idle-timeout (2h) is longer than")
        .contains("absolute-lifetime (1h)");
  }

  @Test
  void plainHttpPublicUrlIsRefused() {
    assertThat(refusal("conclave.public-url=http://meet.example.org").getMessage())
        .startsWith("conclave.public-url is 'http://meet.example.org' but must be the https://");
  }

  @Test
  void plainHttpPublicUrlIsRefusedBehindAProxyToo() {
    assertThat(
            refusal(
                    "conclave.http.tls=behind-proxy",
                    "conclave.http.trusted-proxies[0]=10.0.0.5",
                    "conclave.public-url=http://meet.example.org")
                .getMessage())
        .startsWith("conclave.public-url is 'http://meet.example.org'")
        .contains("even behind a TLS-terminating proxy");
  }

  @Test
  void publicUrlWithAPathIsRefused() {
    assertThat(refusal("conclave.public-url=https://example.org/meet").getMessage())
        .contains("must be an origin only");
  }

  @Test
  void behindProxyWithoutTrustedProxiesIsRefused() {
    assertThat(refusal("conclave.http.tls=behind-proxy").getMessage())
        .startsWith("conclave.http.tls is 'behind-proxy' (plain HTTP) but")
        .contains("trusted-proxies is empty");
  }

  @Test
  void trustedProxyThatIsAHostNameIsRefused() {
    assertThat(refusal("conclave.http.trusted-proxies[0]=proxy.example.org").getMessage())
        .startsWith("conclave.http.trusted-proxies has 'proxy.example.org', which is not an IP");
  }

  @Test
  void trustedProxyWithAnImpossibleRangeIsRefused() {
    assertThat(refusal("conclave.http.trusted-proxies[0]=10.0.0.0/33").getMessage())
        .contains("'10.0.0.0/33', which is not an IP address or CIDR range");
    assertThat(refusal("conclave.http.trusted-proxies[0]=10.0.0.256").getMessage())
        .contains("'10.0.0.256', which is not an IP address or CIDR range");
  }

  @Test
  void trustedProxyRangeCoveringEveryAddressIsRefused() {
    assertThat(refusal("conclave.http.trusted-proxies[0]=0.0.0.0/0").getMessage())
        .contains("trusts every address");
    assertThat(refusal("conclave.http.trusted-proxies[0]=::/0").getMessage())
        .contains("trusts every address");
  }

  @Test
  void validTrustedProxiesAreAccepted() {
    ConclaveProperties.Http http =
        new ConclaveProperties.Http(
            null,
            null,
            ConclaveProperties.TlsMode.BEHIND_PROXY,
            null,
            null,
            List.of("10.0.0.5", "10.0.0.0/24", "2001:db8::/64", "::1", "127.0.0.1/32"));
    ConclaveProperties p =
        new ConclaveProperties(
            null, null, null, http, null, null, null, null, null, null, null, null, null);

    assertThatCode(() -> StartupSafetyCheck.check(p, false)).doesNotThrowAnyException();
  }

  @Test
  void certificateFilesModeWithoutPathsIsRefused() {
    assertThat(refusal("conclave.http.tls=files").getMessage())
        .startsWith("conclave.http.tls is 'files' but conclave.http.certificate");
  }

  @Test
  void certificateFileThatDoesNotExistIsRefused() throws Exception {
    Path dir = Files.createTempDirectory("conclave-tls-");
    Path key = Files.writeString(dir.resolve("key.pem"), "not really a key");

    assertThat(
            refusal(
                    "conclave.http.tls=files",
                    "conclave.http.certificate=" + dir.resolve("missing.pem"),
                    "conclave.http.private-key=" + key)
                .getMessage())
        .startsWith("conclave.http.certificate is '" + dir.resolve("missing.pem") + "'")
        .contains("does not exist or cannot be read");
  }

  @Test
  void singleSignOnWithoutIssuerIsRefused() {
    assertThat(
            refusal("conclave.oidc.enabled=true", "conclave.oidc.client-id=conclave").getMessage())
        .startsWith("conclave.oidc.enabled is true but conclave.oidc.issuer-uri");
  }

  @Test
  void singleSignOnWithoutClientIdIsRefused() {
    assertThat(
            refusal("conclave.oidc.enabled=true", "conclave.oidc.issuer-uri=https://sso.example")
                .getMessage())
        .contains("client-id is not set");
  }

  @Test
  void unknownRoleRequiringASecondFactorIsRefused() {
    assertThat(refusal("conclave.accounts.require-second-factor-for[0]=admins").getMessage())
        .startsWith(
            "conclave.accounts.require-second-factor-for has 'admins', which is not a role");
  }

  @Test
  void switchedOffSignInThrottlingIsRefused() {
    assertThat(refusal("conclave.sign-in.account-failures=0").getMessage())
        .contains("throttling cannot be switched off");
  }

  /**
   * Starts with the given process environment (instead of the real one) and returns the refusal.
   */
  private static UnsafeConfigurationException refusalWithEnvironment(String name, String value) {
    StandardEnvironment environment = new StandardEnvironment();
    environment
        .getPropertySources()
        .replace(
            StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
            new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(name, value)));
    SpringApplication app = application();
    app.setEnvironment(environment);
    Throwable thrown = catchStart(app);
    assertThat(thrown).as(name).isInstanceOf(UnsafeConfigurationException.class);
    return (UnsafeConfigurationException) thrown;
  }

  // The environment-variable names that conclave.example.yml and docs/operations.md show.

  @Test
  void environmentVariableWithDashesAsUnderscoresIsChecked() {
    assertThat(refusalWithEnvironment("CONCLAVE_PASSWORDS_MIN_LENGTH", "6").getMessage())
        .startsWith("conclave.passwords.min-length is 6");
  }

  @Test
  void organisationNameFromTheEnvironmentIsChecked() {
    assertThat(refusalWithEnvironment("CONCLAVE_ORGANISATION_NAME", "x".repeat(101)).getMessage())
        .startsWith("conclave.organisation-name must be between 1 and 100 characters");
  }

  @Test
  void commaSeparatedListFromTheEnvironmentIsChecked() {
    assertThat(
            refusalWithEnvironment("CONCLAVE_HTTP_TRUSTED_PROXIES", "10.0.0.5,proxy.example.org")
                .getMessage())
        .startsWith("conclave.http.trusted-proxies has 'proxy.example.org'");
  }

  @Test
  void publicUrlFromTheEnvironmentIsChecked() {
    assertThat(
            refusalWithEnvironment("CONCLAVE_PUBLIC_URL", "http://meet.example.org").getMessage())
        .startsWith("conclave.public-url is 'http://meet.example.org'");
  }

  @Test
  void theRealApplicationRefusesAnUnsafeSetting() {
    UnsafeConfigurationException e =
        refusal(
            realApplication(),
            "conclave.sessions.idle-timeout=13h",
            "conclave.sessions.absolute-lifetime=12h");

    assertThat(e.getMessage()).startsWith("conclave.sessions.idle-timeout (13h)");
  }

  @Test
  void theRealApplicationReportsARefusalAsTheSentenceWithoutAStackTrace() {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      refusal(realApplication(), "conclave.passwords.min-length=7");
    } finally {
      System.setOut(original);
    }
    String printed = captured.toString(StandardCharsets.UTF_8);

    assertThat(printed)
        .contains("APPLICATION FAILED TO START")
        .contains(
            "Conclave refused to start because its configuration is unsafe:"
                + " conclave.passwords.min-length is 7")
        .contains("conclave.example.yml");
    assertThat(printed).doesNotContain("\tat org.");
  }
}
