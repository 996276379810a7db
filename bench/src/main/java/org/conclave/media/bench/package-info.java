/**
 * JMH benchmarks for the media plane's per-packet work. Nothing here runs during the build; the
 * build packages {@code bench/target/benchmarks.jar}, and {@code docs/benchmarks.md} gives the
 * commands and the figures.
 *
 * <ul>
 *   <li>{@link org.conclave.media.bench.SrtpBenchmark}: SRTP protect and unprotect of one RTP
 *       packet per profile and payload size; {@link org.conclave.media.bench.SrtcpBenchmark}: the
 *       same for a compound RTCP packet.
 *   <li>{@link org.conclave.media.bench.RtpRewriteBenchmark}: the header reads and in-place
 *       rewrites the forwarder does per packet and subscriber, without cryptography.
 *   <li>{@link org.conclave.media.bench.CpuTimeProfiler}: a JMH profiler for the benchmark threads'
 *       CPU time per operation, the figure to read on a shared machine.
 *   <li>{@link org.conclave.media.bench.ForwardingBenchmark}: the whole forwarding path (unprotect
 *       once, then per subscriber rewrite with the node's own {@code RtpRewriter} and protect).
 * </ul>
 *
 * <p>Each benchmark checks its results and throws when a packet is refused, so a broken setup fails
 * the run instead of timing an early return. All state is per thread ({@code Scope.Thread}).
 */
package org.conclave.media.bench;
