package org.conclave.media.testpeer;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For {@link WebRtcTest} classes: before the first test, makes sure this JVM is where real WebRTC
 * peers may run ({@link LoopbackNamespace}); after the last test of the whole run, disposes
 * libwebrtc ({@link WebRtcPeer#shutdown()}), whose native threads would otherwise keep the forked
 * JVM alive.
 *
 * <p>Without the namespace the tests fail when the {@code CI} environment variable is set, so a CI
 * machine that cannot make one is noticed; elsewhere (a developer without root or user namespaces,
 * an IDE run) they are skipped. Either way the report gives the reason.
 */
final class WebRtcTestExtension implements ExecutionCondition, BeforeAllCallback {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(WebRtcTestExtension.class);
  private static final AtomicBoolean TOLD = new AtomicBoolean();

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    Optional<String> problem = problem();
    if (problem.isEmpty()) {
      return ConditionEvaluationResult.enabled("in a loopback-only network namespace");
    }
    if (System.getenv("CI") != null) {
      // Fails in beforeAll: a condition can only skip.
      return ConditionEvaluationResult.enabled("CI: the missing namespace fails the tests");
    }
    String message = message(problem.get());
    if (TOLD.compareAndSet(false, true)) {
      // Surefire's console shows a skip but not its reason; the build log should.
      System.err.println("Skipping the WebRTC tests. " + message);
    }
    return ConditionEvaluationResult.disabled(message);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    Optional<String> problem = problem();
    if (problem.isPresent()) {
      throw new IllegalStateException(message(problem.get()));
    }
    // The root context's store is closed after the last test of the run, and JUnit then closes
    // the AutoCloseable values in it.
    context
        .getRoot()
        .getStore(NAMESPACE)
        .computeIfAbsent(Shutdown.class, k -> new Shutdown(), Shutdown.class);
  }

  private static Optional<String> problem() {
    return Optional.ofNullable(System.getenv("CONCLAVE_WEBRTC_NAMESPACE_PROBLEM"))
        .or(LoopbackNamespace::problem);
  }

  private static String message(String problem) {
    return "WebRTC tests need a private network namespace with only loopback, and here: "
        + problem
        + ". Surefire's `webrtc` execution makes one (media/src/test/webrtc-jvm/bin/java);"
        + " see docs/media-testing.md.";
  }

  private static final class Shutdown implements AutoCloseable {
    @Override
    public void close() {
      WebRtcPeer.shutdown();
    }
  }
}
