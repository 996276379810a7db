package org.conclave.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Debian Chromium, driven by Debian's chromedriver (paths given explicitly, so
 * Selenium Manager never tries to download a browser or a driver). The browser speaks the given
 * language, trusts exactly the server's self-signed certificate (by its public key), has fake
 * cameras and microphones that it may use without asking, and keeps its console log so tests can
 * look for Content-Security-Policy violations.
 */
final class Chrome implements AutoCloseable {

  static final String BINARY = "/usr/bin/chromium";
  static final String DRIVER = "/usr/bin/chromedriver";

  private final ChromeDriver driver;
  private final Path profile;
  private final List<String> console = new ArrayList<>();
  private final Dimension emulated;

  /**
   * @param language the browser's language, e.g. "vi" or "en-US"
   * @param certificate the server's certificate (PEM) to trust
   * @param width window width in CSS pixels
   * @param height window height in CSS pixels
   */
  Chrome(String language, Path certificate, int width, int height) {
    try {
      profile = Files.createTempDirectory("conclave-chrome-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BINARY);
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        // Media: synthetic cameras (a moving test pattern) and microphones (a beep), two of each
        // kind so a test can pick one; no permission prompt (camera, microphone, screen); loopback
        // ICE candidates with plain addresses (the media server listens on 127.0.0.1 in tests);
        // remote audio may play without a click.
        "--use-fake-device-for-media-stream=device-count=2",
        "--use-fake-ui-for-media-stream",
        "--allow-loopback-in-peer-connection",
        "--disable-features=WebRtcHideLocalIpsWithMdns",
        "--autoplay-policy=no-user-gesture-required",
        "--user-data-dir=" + profile,
        "--lang=" + language,
        "--accept-lang=" + language,
        "--window-size=" + width + "," + height,
        "--ignore-certificate-errors-spki-list=" + spkiHash(certificate));
    options.setExperimentalOption("prefs", Map.of("intl.accept_languages", language));
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new java.io.File(DRIVER))
            .usingAnyFreePort()
            .build();
    this.driver = new ChromeDriver(service, options);
    if (width < 500) {
      // Desktop windows are at least 500 pixels wide; a phone-sized viewport needs emulation.
      emulated = new Dimension(width, height);
      driver.executeCdpCommand(
          "Emulation.setDeviceMetricsOverride",
          Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", true));
    } else {
      emulated = null;
    }
  }

  WebDriver driver() {
    return driver;
  }

  WebDriverWait waiting() {
    WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
    // A condition that finds an element the page then re-renders is asked again, not failed.
    wait.ignoring(StaleElementReferenceException.class);
    return wait;
  }

  /** Runs an asynchronous script: it calls its last argument with the result (30 s at most). */
  Object async(String js, Object... args) {
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    return ((JavascriptExecutor) driver).executeAsyncScript(js, args);
  }

  Object script(String js, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(js, args);
  }

  /**
   * Runs a script in every page before the page's own scripts (through the DevTools protocol, which
   * the page's Content-Security-Policy does not govern). For stubbing the API in tests of the
   * client alone.
   */
  void beforeEveryPage(String js) {
    driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", js));
  }

  /** Every console message so far (the browser's buffer is read and kept here). */
  List<String> console() {
    for (LogEntry e : driver.manage().logs().get(LogType.BROWSER).getAll()) {
      console.add(e.getLevel() + " " + e.getMessage());
    }
    return List.copyOf(console);
  }

  /** The console messages that report a Content-Security-Policy violation. */
  List<String> cspViolationsInConsole() {
    return console().stream().filter(m -> m.contains("Content Security Policy")).toList();
  }

  /** Saves a PNG of the window under target/screenshots. */
  Path screenshot(String name) {
    try {
      Path dir = Path.of("target", "screenshots");
      Files.createDirectories(dir);
      Path file = dir.resolve(name + ".png");
      Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Saves a PNG of the whole page (the viewport is stretched to the page's height for it). */
  Path fullPageScreenshot(String name) {
    long width = (Long) script("return window.innerWidth");
    // A little slack: some paddings grow with the viewport's height.
    long height = (Long) script("return document.documentElement.scrollHeight") + 48;
    driver.executeCdpCommand(
        "Emulation.setDeviceMetricsOverride",
        Map.of(
            "width", width, "height", height, "deviceScaleFactor", 1, "mobile", emulated != null));
    try {
      return screenshot(name);
    } finally {
      if (emulated != null) {
        driver.executeCdpCommand(
            "Emulation.setDeviceMetricsOverride",
            Map.of(
                "width",
                emulated.getWidth(),
                "height",
                emulated.getHeight(),
                "deviceScaleFactor",
                1,
                "mobile",
                true));
      } else {
        driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
      }
    }
  }

  /**
   * Kills the browser as a crash or a pulled plug would: SIGKILL to every Chromium process of this
   * profile, so nothing says goodbye (no WebSocket close, no DTLS close_notify, no RTCP BYE).
   */
  void kill() {
    String marker = "--user-data-dir=" + profile;
    ProcessHandle.current()
        .descendants()
        .filter(
            p ->
                p.info().commandLine().map(c -> c.contains(marker)).orElse(false)
                    || p.info()
                        .arguments()
                        .map(a -> java.util.Arrays.asList(a).contains(marker))
                        .orElse(false))
        .forEach(ProcessHandle::destroyForcibly);
    killed = true;
  }

  private boolean killed;

  @Override
  public void close() {
    try {
      if (!killed) {
        driver.quit();
      } else {
        try {
          driver.quit();
        } catch (RuntimeException e) {
          // The browser is gone; the driver process goes with quit or the JVM.
        }
      }
    } finally {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException ignored) {
        // A temporary profile left behind is harmless.
      }
    }
  }

  /** base64(SHA-256(SubjectPublicKeyInfo)): how Chromium names a certificate key to trust. */
  private static String spkiHash(Path certificate) {
    try (InputStream in = Files.newInputStream(certificate)) {
      X509Certificate cert =
          (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(cert.getPublicKey().getEncoded());
      return Base64.getEncoder().encodeToString(digest);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
