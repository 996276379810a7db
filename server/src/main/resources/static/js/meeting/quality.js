/**
 * Connection quality from the two media connections' statistics, sampled every two seconds: the
 * round-trip time of the selected candidate pair, the share of packets lost since the last sample
 * (everything received on the subscribe connection), and the bandwidth the browser estimates it
 * may send with (publish connection). The grade is what the room's top bar shows; the numbers go in
 * its tooltip.
 */

const SAMPLE_EVERY_MS = 2000;

/**
 * The grade for a sample: 'checking' (not connected yet), 'good', 'fair' or 'poor'. A connection
 * that is interrupted (ICE disconnected or failed) is poor whatever the last numbers said.
 */
export function grade({ connected, interrupted, rttMs, lossPercent, outgoingKbps }) {
  if (interrupted) {
    return 'poor';
  }
  if (!connected) {
    return 'checking';
  }
  const rtt = rttMs ?? 0;
  const loss = lossPercent ?? 0;
  const up = outgoingKbps ?? Infinity;
  if (rtt > 400 || loss > 8 || up < 100) {
    return 'poor';
  }
  if (rtt > 150 || loss > 2 || up < 300) {
    return 'fair';
  }
  return 'good';
}

function selectedPair(report) {
  let pair = null;
  report.forEach((s) => {
    if (s.type === 'transport' && s.selectedCandidatePairId && report.get(s.selectedCandidatePairId)) {
      pair = report.get(s.selectedCandidatePairId);
    }
  });
  if (!pair) {
    report.forEach((s) => {
      if (!pair && s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded') {
        pair = s;
      }
    });
  }
  return pair;
}

/**
 * Samples `connections()` ({publish, subscribe}: RTCPeerConnections or null) every two seconds and
 * calls onSample({grade, rttMs, lossPercent, outgoingKbps}). Returns a function that stops it.
 */
export function monitorQuality(connections, onSample) {
  let before = { lost: 0, received: 0 };
  let busy = false;

  async function sample() {
    if (busy) {
      return;
    }
    busy = true;
    try {
      const { publish, subscribe } = connections();
      const live = [publish, subscribe].filter((pc) => pc && pc.signalingState !== 'closed');
      const states = live.map((pc) => pc.iceConnectionState);
      let rtt = null;
      let outgoing = null;
      let lost = 0;
      let received = 0;
      for (const pc of live) {
        const report = await pc.getStats();
        const pair = selectedPair(report);
        if (pair && typeof pair.currentRoundTripTime === 'number') {
          rtt = Math.max(rtt ?? 0, pair.currentRoundTripTime * 1000);
        }
        if (pc === publish && pair && typeof pair.availableOutgoingBitrate === 'number') {
          outgoing = pair.availableOutgoingBitrate / 1000;
        }
        if (pc === subscribe) {
          report.forEach((s) => {
            if (s.type === 'inbound-rtp') {
              lost += Math.max(0, s.packetsLost || 0);
              received += s.packetsReceived || 0;
            }
          });
        }
      }
      const newLost = Math.max(0, lost - before.lost);
      const newReceived = Math.max(0, received - before.received);
      before = { lost, received };
      const lossPercent = newLost + newReceived > 0 ? (100 * newLost) / (newLost + newReceived) : null;
      const numbers = {
        connected: states.some((s) => s === 'connected' || s === 'completed'),
        interrupted: states.some((s) => s === 'disconnected' || s === 'failed'),
        rttMs: rtt === null ? null : Math.round(rtt),
        lossPercent: lossPercent === null ? null : Math.round(lossPercent * 10) / 10,
        outgoingKbps: outgoing === null ? null : Math.round(outgoing),
      };
      onSample({ ...numbers, grade: grade(numbers) });
    } catch (e) {
      // A connection closed while it was being read: the next sample reads the new one.
    } finally {
      busy = false;
    }
  }

  const timer = setInterval(sample, SAMPLE_EVERY_MS);
  return () => clearInterval(timer);
}

/**
 * What the subscribe connection has received from each remote track, for tests and diagnostics:
 * [{participantId, source, framesDecoded, totalSamplesReceived, bytesReceived, timestamp}], inbound-rtp
 * statistics matched to people through `subscribeMap` (mid -> {participantId, source}).
 */
export async function inboundStats(pc, subscribeMap) {
  const report = await pc.getStats();
  const midOfTrack = new Map(pc.getTransceivers()
    .filter((t) => t.mid !== null && t.receiver.track)
    .map((t) => [t.receiver.track.id, t.mid]));
  const found = [];
  report.forEach((s) => {
    if (s.type !== 'inbound-rtp') {
      return;
    }
    const mid = s.mid !== undefined ? String(s.mid) : midOfTrack.get(s.trackIdentifier);
    const who = subscribeMap.get(mid);
    if (who) {
      found.push({
        participantId: who.participantId,
        source: who.source,
        framesDecoded: s.framesDecoded || 0,
        totalSamplesReceived: s.totalSamplesReceived || 0,
        concealedSamples: s.concealedSamples || 0,
        packetsReceived: s.packetsReceived || 0,
        bytesReceived: s.bytesReceived || 0,
        packetsLost: s.packetsLost || 0,
        nackCount: s.nackCount || 0,
        freezeCount: s.freezeCount || 0,
        totalFreezesDuration: s.totalFreezesDuration || 0,
        frameWidth: s.frameWidth || 0,
        frameHeight: s.frameHeight || 0,
        // When the browser read these counters (performance.timeOrigin + performance.now()).
        timestamp: s.timestamp,
      });
    }
  });
  return found;
}
