package org.conclave.media.sfu;

/**
 * One track forwarded to one subscriber: the subscriber's m-line (slot), the SSRCs and payload
 * types we send under, and the sequence-number and timestamp offsets that make the forwarded stream
 * continuous for the subscriber's decoder even when forwarding pauses (no permission, no keyframe
 * yet) and resumes (RFC 7667 §3.7: a switching SFU rewrites so each receiver sees one well-formed
 * stream). Loop thread only.
 */
final class Subscription {
  final SfuPeer subscriber;
  Track track; // changes only for a shared audio line (LoudestAudio)
  final Slot slot;
  boolean attached = true; // in track.subscriptions: a shared audio line may carry nobody
  final long ssrc;
  final long rtxSsrc; // -1 without RTX
  final int payloadType;
  final int rtxPayloadType; // -1 without RTX

  boolean negotiated; // the subscriber's answer covered our m-line
  boolean started; // something was sent
  boolean paused = true; // the next forwarded packet starts a new run (rebase offsets)
  boolean needKeyframe; // video: wait for a keyframe before forwarding

  // Simulcast: the layer forwarded now and the one layer selection wants (switched to at its next
  // keyframe); -1 for none. A track without simulcast has the one layer 0.
  int currentLayer = -1;
  int targetLayer;
  boolean dropCurrent; // the current layer no longer fits the bandwidth: stop it before the switch
  long targetSinceNanos = Long.MIN_VALUE; // when the node began waiting for the target's keyframe
  int layerCap = Integer.MAX_VALUE; // a layer whose keyframe never came is not tried for a while
  long layerCapUntilNanos;

  // VP8: PictureID and TL0PICIDX continue across runs and layer switches (RFC 7741 §4.2).
  int pictureIdOffset;
  int tl0Offset;
  int lastOutPictureId = -1;
  int lastOutTl0 = -1;

  int seqOffset;
  long tsOffset;
  int resumeInSeq;
  int lastOutSeq;
  long lastOutTs;
  long lastSentNanos;
  int rtxSequence;

  long packets;
  long octets;
  long retransmissions;

  // RTT from the subscriber's receiver reports on our translated sender reports.
  long lastSrNtpMiddle; // of the last sender report sent to the subscriber (the publisher's time)
  long lastSrSentNanos; // when we sent it, on the loop's clock
  double rttMillis = -1;

  Subscription(
      SfuPeer subscriber,
      Track track,
      Slot slot,
      long ssrc,
      long rtxSsrc,
      int payloadType,
      int rtxPayloadType,
      int initialSequence) {
    this.subscriber = subscriber;
    this.track = track;
    this.slot = slot;
    this.ssrc = ssrc;
    this.rtxSsrc = rtxSsrc;
    this.payloadType = payloadType;
    this.rtxPayloadType = rtxPayloadType;
    this.lastOutSeq = (initialSequence - 1) & 0xFFFF;
    this.rtxSequence = initialSequence ^ 0x5A5A;
    this.needKeyframe = track.isVideo();
    this.targetLayer = track.layers.length - 1;
  }

  /** The layer forwarded now, or null. */
  Layer current() {
    return currentLayer >= 0 && currentLayer < track.layers.length
        ? track.layers[currentLayer]
        : null;
  }

  /**
   * Continues the VP8 PictureID and TL0PICIDX of the last forwarded packet into a new run starting
   * with {@code inPictureId}/{@code inTl0} (either -1 when absent).
   */
  void rebasePicture(int inPictureId, int inTl0) {
    if (inPictureId >= 0) {
      pictureIdOffset = lastOutPictureId < 0 ? 0 : (lastOutPictureId + 1 - inPictureId) & 0x7FFF;
    }
    if (inTl0 >= 0) {
      tl0Offset = lastOutTl0 < 0 ? 0 : (lastOutTl0 + 1 - inTl0) & 0xFF;
    }
  }

  void pause() {
    paused = true;
    if (track.isVideo()) {
      needKeyframe = true;
    }
  }

  /**
   * Starts a new run at incoming {@code inSeq}/{@code inTs}: the first forwarded packet follows the
   * last one sent without a gap in sequence numbers, and its timestamp advances by the wall-clock
   * time since (so the receiver's jitter buffer sees real time pass).
   */
  void rebase(int inSeq, long inTs, long nowNanos, int clockRate, long randomTimestamp) {
    seqOffset = (lastOutSeq + 1 - inSeq) & 0xFFFF;
    long outTs;
    if (!started) {
      outTs = randomTimestamp & 0xFFFF_FFFFL;
    } else {
      long elapsedTicks = Math.max(1, (nowNanos - lastSentNanos) / 1000 * clockRate / 1_000_000);
      outTs = (lastOutTs + elapsedTicks) & 0xFFFF_FFFFL;
    }
    tsOffset = (outTs - inTs) & 0xFFFF_FFFFL;
    resumeInSeq = inSeq;
    paused = false;
  }

  /** Whether an incoming sequence number belongs to the current run (not older than its start). */
  boolean inCurrentRun(int inSeq) {
    return ((inSeq - resumeInSeq) & 0xFFFF) < 0x8000;
  }

  int outSequence(int inSeq) {
    return (inSeq + seqOffset) & 0xFFFF;
  }

  long outTimestamp(long inTs) {
    return (inTs + tsOffset) & 0xFFFF_FFFFL;
  }

  /** Records a sent packet; only a newer sequence number moves the run's end. */
  void sent(int outSeq, long outTs, long nowNanos, int payloadBytes) {
    if (!started || ((outSeq - lastOutSeq) & 0xFFFF) < 0x8000) {
      lastOutSeq = outSeq;
      lastOutTs = outTs;
      lastSentNanos = nowNanos;
    }
    started = true;
    packets++;
    octets += payloadBytes;
  }

  /**
   * For a NACKed outgoing sequence number, the incoming one, or -1 when it is not ours to resend.
   */
  int inSequenceFor(int outSeq) {
    if (!started) {
      return -1;
    }
    int in = (outSeq - seqOffset) & 0xFFFF;
    boolean afterRunStart = inCurrentRun(in);
    boolean notAhead = ((lastOutSeq - outSeq) & 0xFFFF) < 0x8000;
    return afterRunStart && notAhead ? in : -1;
  }
}
