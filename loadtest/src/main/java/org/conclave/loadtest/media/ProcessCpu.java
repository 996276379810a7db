package org.conclave.loadtest.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of another process as the kernel accounts it: {@code utime + stime} from {@code
 * /proc/<pid>/stat} (proc(5), fields 14 and 15, in clock ticks of {@code 1/USER_HZ} s; USER_HZ is
 * 100 on Linux). Counts every thread of the process, in user and kernel mode (sendmsg on loopback
 * included). Resolution is one tick, 10 ms: windows of seconds keep that error under 1%.
 */
final class ProcessCpu {

  static final long NANOS_PER_TICK = 1_000_000_000L / 100;

  private ProcessCpu() {}

  /**
   * How long the process's threads have waited on a run queue so far, runnable but not running, in
   * nanoseconds: the sum over {@code /proc/<pid>/task/<tid>/schedstat} of the second field
   * (sched-stats.rst). On a shared machine this is the time other programs took from it; -1 when
   * the kernel does not keep these statistics.
   */
  static long waitNanos(long pid) {
    long total = 0;
    try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        try {
          String[] f = Files.readString(task.resolve("schedstat")).trim().split(" ");
          total += Long.parseLong(f[1]);
        } catch (IOException e) {
          // The thread ended meanwhile.
        }
      }
    } catch (IOException e) {
      return -1;
    }
    return total;
  }

  /** The process's CPU time so far, in nanoseconds. */
  static long nanos(long pid) {
    String stat;
    try {
      stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the CPU time of process " + pid, e);
    }
    // The command name (field 2) is in parentheses and may hold spaces: count after its end.
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    long utime = Long.parseLong(f[11]); // field 14
    long stime = Long.parseLong(f[12]); // field 15
    return (utime + stime) * NANOS_PER_TICK;
  }
}
