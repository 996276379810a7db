package org.conclave.media.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler that reports the CPU time the benchmark threads used per operation, {@code
 * cpu.time.norm} in ns/op, beside JMH's wall-clock score. Use it with {@code -prof
 * org.conclave.media.bench.CpuTimeProfiler}.
 *
 * <p>Why: on a machine shared with other work, a benchmark thread waits for a core, and the
 * wall-clock score counts that wait as if it were the packet's cost. The thread's own CPU time
 * (from the kernel's per-thread clock, through {@link ThreadMXBean#getThreadCpuTime}) leaves the
 * wait out; on a quiet machine the two agree. What it cannot remove is the slowdown that sharing
 * itself causes (caches and memory bandwidth used by the others), so it is still an upper bound.
 *
 * <p>Runs in the forked benchmark JVM, on JMH's own thread, before and after each iteration; it
 * sums the CPU time of every live thread whose name contains {@code jmh-worker} and divides by the
 * operations JMH counted in that iteration.
 */
public final class CpuTimeProfiler implements InternalProfiler {

  private static final String WORKER = "jmh-worker";

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private Map<Long, Long> before = Map.of();

  /** A profiler; JMH makes one per forked JVM. */
  public CpuTimeProfiler() {
    if (!threads.isThreadCpuTimeSupported()) {
      throw new IllegalStateException("this JVM cannot measure per-thread CPU time");
    }
    threads.setThreadCpuTimeEnabled(true);
  }

  @Override
  public String getDescription() {
    return "CPU time of the benchmark threads per operation (cpu.time.norm, ns/op)";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
    before = workerCpuTimes();
  }

  @Override
  public Collection<? extends Result> afterIteration(
      BenchmarkParams benchmarkParams, IterationParams iterationParams, IterationResult result) {
    long cpuNanos = 0;
    for (Map.Entry<Long, Long> after : workerCpuTimes().entrySet()) {
      // A worker that started during the iteration used all of its CPU time in it.
      cpuNanos += after.getValue() - before.getOrDefault(after.getKey(), 0L);
    }
    long ops = result.getMetadata().getAllOps();
    if (ops <= 0) {
      return List.of();
    }
    return List.of(
        new ScalarResult("cpu.time.norm", (double) cpuNanos / ops, "ns/op", AggregationPolicy.AVG));
  }

  /** Thread id to CPU nanoseconds, for the live JMH worker threads. */
  private Map<Long, Long> workerCpuTimes() {
    Map<Long, Long> times = new HashMap<>();
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && info.getThreadName().contains(WORKER)) {
        long cpu = threads.getThreadCpuTime(info.getThreadId());
        if (cpu >= 0) {
          times.put(info.getThreadId(), cpu);
        }
      }
    }
    return times;
  }
}
