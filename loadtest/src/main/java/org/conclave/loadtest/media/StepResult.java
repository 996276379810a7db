package org.conclave.loadtest.media;

/**
 * One step of a scenario's sweep, measured over one window.
 *
 * @param step the scenario's load variable (listeners, participants, viewers or rooms)
 * @param publishers publishing participants
 * @param subscribers subscribe connections
 * @param streamsOut forwarded streams: each subscriber times the sources it receives
 * @param packetsInPerSecond RTP packets the publishers sent to the SFU
 * @param packetsOutPerSecond RTP packets the subscribers received from it
 * @param mbpsOut what the subscribers received on the wire (SRTP datagrams with RTCP and STUN)
 * @param cpuShare the SFU process's CPU time over the window's wall time (1.0 = one core)
 * @param cpuNanosPerPacket SFU CPU time per forwarded (received) packet
 * @param cpuMicrosPerStream SFU CPU microseconds per second per forwarded stream
 * @param allocatedPerPacket heap bytes the SFU's forwarding thread allocated per forwarded packet,
 *     NaN when unknown
 * @param latencyP50Millis one-way latency generator → SFU → subscriber, median
 * @param latencyP99Millis its 99th percentile
 * @param latencyP999Millis its 99.9th percentile
 * @param transitP50Millis time inside the SFU from a datagram's arrival to its copy's send, as the
 *     SFU measures it, median (NaN when the SFU does not report it: Janus)
 * @param transitP99Millis its 99th percentile
 * @param transitP999Millis its 99.9th percentile
 * @param loss share of the packets stamped in the window that no subscriber received
 * @param joinP50Millis subscribe request → first forwarded packet, median over this step's new
 *     subscribers (NaN when none joined in this step)
 * @param firstFrameP50Millis subscribe request → first keyframe, median (NaN without video)
 * @param senderLateShare share of frames the generator sent more than 2 ms after they were due
 * @param generatorCpuShare the generator's (this JVM's) CPU time over the window's wall time: near
 *     1.0 on its one core means the generator, not the SFU, limits the step
 * @param sfuWaitShare time the SFU's threads spent runnable but waiting for a CPU (other programs
 *     on its core), over the window's wall time; NaN when unknown
 */
record StepResult(
    int step,
    int publishers,
    int subscribers,
    int streamsOut,
    double packetsInPerSecond,
    double packetsOutPerSecond,
    double mbpsOut,
    double cpuShare,
    double cpuNanosPerPacket,
    double cpuMicrosPerStream,
    double allocatedPerPacket,
    double latencyP50Millis,
    double latencyP99Millis,
    double latencyP999Millis,
    double transitP50Millis,
    double transitP99Millis,
    double transitP999Millis,
    double loss,
    double joinP50Millis,
    double firstFrameP50Millis,
    double senderLateShare,
    double generatorCpuShare,
    double sfuWaitShare) {

  /** The knee's criteria: under 0.1% loss and one-way latency p99 under 2 ms. */
  boolean healthy() {
    return loss < 0.001 && latencyP99Millis < 2.0;
  }

  /**
   * The criteria, with the SFU's own transit time: under 0.1% loss and transit p99 under 2
   * ms (false when the SFU does not report transit).
   */
  boolean healthyInside() {
    return loss < 0.001 && transitP99Millis < 2.0;
  }
}
