package org.conclave.loadtest.media;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.conclave.loadtest.janus.JanusSfu;

/**
 * {@code Bench <media scenario> [--seconds N] [--warmup N] [--subscribers a,b,c] [--target
 * conclave|janus|both]}: sweeps the scenario's load over its steps against each target SFU, prints
 * one table row per step and the knee (the largest step with under 0.1% loss and latency p99 under
 * 2 ms), and with both targets the ratio of their CPU time per forwarded packet.
 */
public final class MediaBench {

  /** A step whose loss passes this is saturated: the sweep stops there. */
  private static final double SATURATED_LOSS = 0.10;

  /** The command-line options of the media scenarios. */
  public record Options(double seconds, double warmUp, List<Integer> steps, List<String> targets) {

    static Options parse(String[] args) {
      double seconds = 8;
      double warmUp = 3;
      List<Integer> steps = null;
      List<String> targets = List.of("conclave");
      for (int i = 0; i < args.length; i++) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(args[i] + " needs a value");
        }
        String value = args[++i];
        switch (args[i - 1]) {
          case "--seconds" -> seconds = Double.parseDouble(value);
          case "--warmup" -> warmUp = Double.parseDouble(value);
          case "--subscribers", "--steps" -> {
            steps = new ArrayList<>();
            for (String s : value.split(",")) {
              steps.add(Integer.parseInt(s.strip()));
            }
          }
          case "--target" ->
              targets =
                  switch (value) {
                    case "conclave" -> List.of("conclave");
                    case "janus" -> List.of("janus");
                    case "both" -> List.of("conclave", "janus");
                    default ->
                        throw new IllegalArgumentException(
                            "--target is conclave, janus or both, not " + value);
                  };
          default -> throw new IllegalArgumentException("Unknown option " + args[i - 1]);
        }
      }
      return new Options(seconds, warmUp, steps, targets);
    }
  }

  private MediaBench() {}

  /** Whether {@code name} is one of the media scenarios. */
  public static boolean isScenario(String name) {
    return MediaScenario.NAMES.contains(name);
  }

  /** Runs {@code scenario} with the command line's options, printing to standard output. */
  public static void main(String scenarioName, String[] args) throws Exception {
    MediaScenario scenario = MediaScenario.named(scenarioName);
    if (scenario == null) {
      throw new IllegalArgumentException("Unknown media scenario " + scenarioName);
    }
    Options options = Options.parse(args);
    Map<String, List<StepResult>> byTarget = new LinkedHashMap<>();
    for (String target : options.targets()) {
      try (SfuUnderTest sfu = start(target)) {
        byTarget.put(target, run(scenario, sfu, options, System.out));
      }
    }
    if (byTarget.size() == 2) {
      printRatios(byTarget, System.out);
    }
  }

  /**
   * Starts the SFU named {@code target}. Janus must run inside {@code loadtest/janus-namespace.sh}
   * ({@code ./conclave bench} puts this JVM there when a target is Janus); {@link JanusSfu#start}
   * says so when it is not.
   */
  static SfuUnderTest start(String target) throws Exception {
    return target.equals("janus") ? JanusSfu.start() : ConclaveSfu.start();
  }

  /** One scenario's sweep against one SFU; prints its table and knee as it goes. */
  static List<StepResult> run(
      MediaScenario scenario, SfuUnderTest sfu, Options options, PrintStream out) throws Exception {
    List<Integer> steps = options.steps() == null ? scenario.defaultSteps : options.steps();
    out.printf(
        "%s against %s: %s; steps %s = %s; %.0f s warm-up, %.0f s measured per step%n%n",
        scenario.name,
        sfu.name(),
        scenario.description,
        scenario.variable,
        steps,
        options.warmUp(),
        options.seconds());
    out.println(header(scenario.variable));
    List<StepResult> results = new ArrayList<>();
    try (MediaRun run = new MediaRun(sfu)) {
      int previous = 0;
      for (int step : steps) {
        scenario.grow(run, previous, step);
        previous = step;
        StepResult r = run.measure(step, options.warmUp(), options.seconds());
        results.add(r);
        out.println(row(r));
        out.flush();
        if (r.loss() > SATURATED_LOSS) {
          out.printf("(saturated at %d %s: the sweep stops)%n", step, scenario.variable);
          break;
        }
      }
    }
    out.println();
    out.println(knee(results, scenario.variable, sfu.name()));
    out.println();
    return results;
  }

  static String knee(List<StepResult> results, String variable, String target) {
    StepResult best = null;
    for (StepResult r : results) {
      if (r.healthy() && (best == null || r.step() > best.step())) {
        best = r;
      }
    }
    return best == null
        ? "knee (" + target + "): none of the steps had < 0.1% loss and latency p99 < 2 ms"
        : String.format(
            Locale.ROOT,
            "knee (%s): %d %s (the largest step with < 0.1%% loss and latency p99 < 2 ms:"
                + " %.0f packets/s out, %.1f%% SFU CPU, %.0f ns CPU per forwarded packet)",
            target,
            best.step(),
            variable,
            best.packetsOutPerSecond(),
            best.cpuShare() * 100,
            best.cpuNanosPerPacket());
  }

  static String header(String variable) {
    return "| "
        + variable
        + " | pubs | subs | streams out | pkt/s in | pkt/s out | Mbps out | SFU CPU | CPU ns/pkt"
        + " | CPU µs/s/stream | alloc B/pkt | lat p50 ms | p99 ms | p99.9 ms | loss | join p50 ms"
        + " | TTFF p50 ms | gen late | gen CPU | SFU wait |\n"
        + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|";
  }

  static String row(StepResult r) {
    return String.format(
        Locale.ROOT,
        "| %d | %d | %d | %d | %.0f | %.0f | %.1f | %.1f%% | %s | %s | %s | %s | %s | %s | %s | %s"
            + " | %s | %.1f%% | %.0f%% | %s |",
        r.step(),
        r.publishers(),
        r.subscribers(),
        r.streamsOut(),
        r.packetsInPerSecond(),
        r.packetsOutPerSecond(),
        r.mbpsOut(),
        r.cpuShare() * 100,
        num(r.cpuNanosPerPacket(), "%.0f"),
        num(r.cpuMicrosPerStream(), "%.0f"),
        num(r.allocatedPerPacket(), "%.1f"),
        num(r.latencyP50Millis(), "%.2f"),
        num(r.latencyP99Millis(), "%.2f"),
        num(r.latencyP999Millis(), "%.2f"),
        Double.isNaN(r.loss()) ? "-" : String.format(Locale.ROOT, "%.3f%%", r.loss() * 100),
        num(r.joinP50Millis(), "%.0f"),
        num(r.firstFrameP50Millis(), "%.0f"),
        r.senderLateShare() * 100,
        r.generatorCpuShare() * 100,
        Double.isNaN(r.sfuWaitShare())
            ? "-"
            : String.format(Locale.ROOT, "%.0f%%", r.sfuWaitShare() * 100));
  }

  private static String num(double v, String format) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, format, v);
  }

  /** Conclave's CPU time per forwarded packet over Janus's, step by step. */
  static void printRatios(Map<String, List<StepResult>> byTarget, PrintStream out) {
    List<StepResult> ours = byTarget.get("conclave");
    List<StepResult> theirs = byTarget.get("janus");
    out.println("| step | conclave CPU ns/pkt | janus CPU ns/pkt | conclave / janus |");
    out.println("|---|---|---|---|");
    for (StepResult a : ours) {
      for (StepResult b : theirs) {
        if (a.step() == b.step()) {
          out.printf(
              Locale.ROOT,
              "| %d | %s | %s | %s |%n",
              a.step(),
              num(a.cpuNanosPerPacket(), "%.0f"),
              num(b.cpuNanosPerPacket(), "%.0f"),
              num(a.cpuNanosPerPacket() / b.cpuNanosPerPacket(), "%.2f"));
        }
      }
    }
    out.println();
  }
}
