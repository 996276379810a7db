package org.conclave.loadtest.media;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
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
  public record Options(
      double seconds, double warmUp, List<Integer> steps, List<String> targets, Path chart) {

    static Options parse(String[] args) {
      double seconds = 5;
      double warmUp = 2;
      Path chart = null;
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
          case "--chart" -> chart = resolve(value);
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
      return new Options(seconds, warmUp, steps, targets, chart);
    }

    /**
     * A relative path is taken from where {@code ./conclave} was run (it exports {@code
     * CONCLAVE_ROOT}; the benchmark itself runs in {@code loadtest/}).
     */
    private static Path resolve(String path) {
      String root = System.getenv("CONCLAVE_ROOT");
      Path p = Path.of(path);
      return p.isAbsolute() || root == null ? p : Path.of(root).resolve(p);
    }
  }

  private MediaBench() {}

  /** The name that runs all four media scenarios one after the other. */
  static final String ALL = "media";

  /** Whether {@code name} is one of the media scenarios, or {@value #ALL}. */
  public static boolean isScenario(String name) {
    return MediaScenario.NAMES.contains(name) || name.equals(ALL);
  }

  /**
   * Runs {@code scenario} (or all four for {@value #ALL}) with the command line's options, printing
   * to standard output; with {@code --chart} also draws {@link MediaChart}.
   */
  public static void main(String scenarioName, String[] args) throws Exception {
    List<String> names = scenarioName.equals(ALL) ? MediaScenario.NAMES : List.of(scenarioName);
    Options options = Options.parse(args);
    if (names.size() > 1 && options.steps() != null) {
      throw new IllegalArgumentException("--subscribers is per scenario: not with " + ALL);
    }
    Map<MediaScenario, Map<String, List<StepResult>>> all = new LinkedHashMap<>();
    for (String name : names) {
      MediaScenario scenario = MediaScenario.named(name);
      if (scenario == null) {
        throw new IllegalArgumentException("Unknown media scenario " + name);
      }
      Map<String, List<StepResult>> byTarget = new LinkedHashMap<>();
      for (String target : options.targets()) {
        try (SfuUnderTest sfu = start(target)) {
          byTarget.put(target, run(scenario, sfu, options, System.out));
        }
      }
      if (byTarget.size() == 2) {
        printRatios(byTarget, System.out);
      }
      all.put(scenario, byTarget);
    }
    if (all.size() > 1 || options.targets().size() > 1) {
      printSummary(all, System.out);
    }
    if (options.chart() != null) {
      MediaChart.write(options.chart(), all);
      System.out.println("chart: " + options.chart());
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
        try {
          scenario.grow(run, previous, step);
        } catch (Exception e) {
          // One peer that does not connect ends this sweep, not the whole run: the steps so far
          // stand (see docs/benchmarks.md, the subscriber that never connects).
          out.printf("(step %d failed: %s; the sweep stops)%n", step, e.getMessage());
          break;
        }
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

  /** The largest healthy step (under 0.1% loss and p99 under 2 ms), or null. */
  static StepResult kneeOf(List<StepResult> results) {
    return kneeOf(results, StepResult::healthy);
  }

  /** The largest step that meets {@code healthy}, or null. */
  static StepResult kneeOf(List<StepResult> results, Predicate<StepResult> healthy) {
    StepResult best = null;
    for (StepResult r : results) {
      if (healthy.test(r) && (best == null || r.step() > best.step())) {
        best = r;
      }
    }
    return best;
  }

  static String knee(List<StepResult> results, String variable, String target) {
    return kneeByLatency(results, variable, target) + kneeInside(results, variable, target);
  }

  /**
   * The knee by the SFU's own transit time, on a line of its own, when the SFU reports it: the
   * issue's criterion, which the one-way latency (the generator's queueing included) can only bound
   * from above.
   */
  private static String kneeInside(List<StepResult> results, String variable, String target) {
    if (results.isEmpty() || results.stream().allMatch(r -> Double.isNaN(r.transitP99Millis()))) {
      return "";
    }
    StepResult k = kneeOf(results, StepResult::healthyInside);
    if (k == null) {
      return "\nknee inside (" + target + "): no step had < 0.1% loss and transit p99 < 2 ms";
    }
    boolean last = k == results.get(results.size() - 1);
    return String.format(
        Locale.ROOT,
        "%nknee inside (%s): %d %s (the largest step with < 0.1%% loss and transit p99 < 2 ms"
            + " inside the SFU: %.3f ms%s)",
        target,
        k.step(),
        variable,
        k.transitP99Millis(),
        last ? "; the last step measured, so the knee lies beyond the sweep" : "");
  }

  private static String kneeByLatency(List<StepResult> results, String variable, String target) {
    StepResult best = kneeOf(results);
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
        + " | CPU µs/s/stream | alloc B/pkt | lat p50 ms | p99 ms | p99.9 ms | transit p50 ms"
        + " | p99 ms | p99.9 ms | loss | join p50 ms | TTFF p50 ms | gen late | gen CPU | SFU wait |\n"
        + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
        + "---|";
  }

  static String row(StepResult r) {
    return String.format(
        Locale.ROOT,
        "| %d | %d | %d | %d | %.0f | %.0f | %.1f | %.1f%% | %s | %s | %s | %s | %s | %s | %s | %s"
            + " | %s | %s | %s | %s | %.1f%% | %.0f%% | %s |",
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
        num(r.transitP50Millis(), "%.3f"),
        num(r.transitP99Millis(), "%.3f"),
        num(r.transitP999Millis(), "%.3f"),
        percent(r.loss()),
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

  /**
   * One row per scenario: each target's knee, and at the largest step both targets measured (the
   * most load, where fixed costs weigh least) CPU per forwarded packet and its ratio, latency,
   * loss, join time, time to first frame and our bytes allocated per forwarded packet.
   */
  static void printSummary(Map<MediaScenario, Map<String, List<StepResult>>> all, PrintStream out) {
    boolean both = all.values().stream().allMatch(m -> m.size() == 2);
    out.println(
        both
            ? "| scenario | knee conclave (one-way / inside) | knee janus | at step | pkt/s out c / j | CPU ns/pkt c / j"
                + " | conclave / janus | p50 ms c / j | p99 ms c / j | p99.9 ms c / j"
                + " | loss c / j | join p50 ms c / j | TTFF p50 ms c / j | alloc B/pkt"
                + " | transit p99 ms (ours) |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
            : "| scenario | target | knee | at step | pkt/s out | CPU ns/pkt | p99 ms | loss"
                + " | alloc B/pkt | transit p99 ms |\n|---|---|---|---|---|---|---|---|---|---|");
    for (Map.Entry<MediaScenario, Map<String, List<StepResult>>> e : all.entrySet()) {
      MediaScenario scenario = e.getKey();
      if (both) {
        List<StepResult> ours = e.getValue().get("conclave");
        List<StepResult> theirs = e.getValue().get("janus");
        StepResult a = null;
        StepResult b = null;
        for (StepResult x : ours) {
          for (StepResult y : theirs) {
            if (x.step() == y.step() && (a == null || x.step() > a.step())) {
              a = x;
              b = y;
            }
          }
        }
        if (a == null) {
          out.printf(
              "| %s | %s | %s | - | no step in common |%n",
              scenario.name, kneeStep(ours), kneeStep(theirs));
          continue;
        }
        out.printf(
            Locale.ROOT,
            "| %s | %s | %s | %d %s | %.0f / %.0f | %s / %s | %s | %s / %s | %s / %s | %s / %s"
                + " | %s / %s | %s / %s | %s / %s | %s | %s |%n",
            scenario.name,
            kneeStep(ours) + kneeStepInside(ours),
            kneeStep(theirs),
            a.step(),
            scenario.variable,
            a.packetsOutPerSecond(),
            b.packetsOutPerSecond(),
            num(a.cpuNanosPerPacket(), "%.0f"),
            num(b.cpuNanosPerPacket(), "%.0f"),
            num(a.cpuNanosPerPacket() / b.cpuNanosPerPacket(), "%.2f"),
            num(a.latencyP50Millis(), "%.2f"),
            num(b.latencyP50Millis(), "%.2f"),
            num(a.latencyP99Millis(), "%.2f"),
            num(b.latencyP99Millis(), "%.2f"),
            num(a.latencyP999Millis(), "%.2f"),
            num(b.latencyP999Millis(), "%.2f"),
            percent(a.loss()),
            percent(b.loss()),
            num(a.joinP50Millis(), "%.0f"),
            num(b.joinP50Millis(), "%.0f"),
            num(a.firstFrameP50Millis(), "%.0f"),
            num(b.firstFrameP50Millis(), "%.0f"),
            num(a.allocatedPerPacket(), "%.0f"),
            num(a.transitP99Millis(), "%.3f"));
      } else {
        for (Map.Entry<String, List<StepResult>> t : e.getValue().entrySet()) {
          List<StepResult> rs = t.getValue();
          if (rs.isEmpty()) {
            continue;
          }
          StepResult last = rs.get(rs.size() - 1);
          out.printf(
              Locale.ROOT,
              "| %s | %s | %s | %d | %.0f | %s | %s | %s | %s | %s |%n",
              scenario.name,
              t.getKey(),
              kneeStep(rs),
              last.step(),
              last.packetsOutPerSecond(),
              num(last.cpuNanosPerPacket(), "%.0f"),
              num(last.latencyP99Millis(), "%.2f"),
              percent(last.loss()),
              num(last.allocatedPerPacket(), "%.0f"),
              num(last.transitP99Millis(), "%.3f"));
        }
      }
    }
    out.println();
  }

  /** " / " and the knee by transit inside the SFU, or "" when it does not report transit. */
  private static String kneeStepInside(List<StepResult> results) {
    if (results.stream().allMatch(r -> Double.isNaN(r.transitP99Millis()))) {
      return "";
    }
    StepResult k = kneeOf(results, StepResult::healthyInside);
    return " / "
        + (k == null ? "none" : k.step() + (k == results.get(results.size() - 1) ? "+" : ""));
  }

  private static String kneeStep(List<StepResult> results) {
    StepResult k = kneeOf(results);
    return k == null ? "none" : String.valueOf(k.step());
  }

  private static String percent(double share) {
    return Double.isNaN(share) ? "-" : String.format(Locale.ROOT, "%.3f%%", share * 100);
  }
}
