package org.conclave.media.sfu;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.conclave.media.MediaPermissions;
import org.conclave.media.cc.SendSideEstimator;
import org.conclave.media.transport.PeerTransport;

/**
 * One participant in the node: what it may publish, its publish connection and the tracks on it,
 * and its subscribe connection with one slot per m-line. Loop thread only.
 */
final class SfuPeer {
  final SfuRoom room;
  final String id;
  final long number; // for the dominant-speaker detector
  final long rtcpSsrc; // our SSRC in RTCP we send this peer
  MediaPermissions permissions;

  // ---- publishing ----
  PeerTransport publish;
  final Map<String, Track> tracksByMid = new LinkedHashMap<>();
  Track[] trackArray = new Track[0]; // for the per-packet SSRC lookup without boxing
  int midExtension = -1;
  int audioLevelExtension = -1;
  int twccExtension = -1;
  int ridExtension = -1;
  TwccRecorder twcc;
  final long publishSessionId;
  int publishVersion;

  // ---- subscribing ----
  PeerTransport subscribe;
  final List<Slot> slots = new ArrayList<>();
  final List<Slot> sharedAudio = new ArrayList<>(); // big rooms: the loudest speakers' lines
  final Map<String, Integer> payloadTypes = new HashMap<>();
  int nextPayloadType = 96;
  int nextMid;
  final long subscribeSessionId;
  int subscribeVersion;
  boolean offerPending;
  long offerSentNanos;
  boolean renegotiateAfterAnswer;
  List<String> offeredMids = List.of();

  // ---- congestion control on the subscribe connection ----
  int subscribeTwccExtension = -1; // the id the browser accepted for transport-wide numbers
  private int transportSequence;
  SendSideEstimator bandwidth = new SendSideEstimator();
  Pacer pacer; // made on the first video packet sent with an estimate
  long allocatedBps = -1; // what layer selection last gave the video, for stats
  long wantedBps; // what the videos would use unconstrained, and the audio
  long probeBaseline; // the estimate when the last probe started
  long probeEndNanos; // a probe cluster runs until then
  long probeBps; // at this rate
  long probeStartNanos;
  long probeSentBytes;
  long nextProbeNanos;
  long probeIntervalNanos = 1_000_000_000L;

  // ---- counters ----
  long nacks;
  long plis;

  SfuPeer(SfuRoom room, String id, long number, MediaPermissions permissions, long[] randoms) {
    this.room = room;
    this.id = id;
    this.number = number;
    this.permissions = permissions;
    this.rtcpSsrc = randoms[0];
    this.publishSessionId = randoms[1];
    this.subscribeSessionId = randoms[2];
  }

  Layer layerBySsrc(long ssrc) {
    for (Track t : trackArray) {
      for (Layer l : t.layers) {
        if (l.ssrc == ssrc) {
          return l;
        }
      }
    }
    return null;
  }

  /** The next transport-wide sequence number on the subscribe connection. */
  int nextTransportSequence() {
    int s = transportSequence;
    transportSequence = (s + 1) & 0xFFFF;
    return s;
  }

  void refreshTrackArray() {
    trackArray = tracksByMid.values().toArray(new Track[0]);
  }

  Subscription subscriptionBySsrc(long ssrc) {
    for (Slot s : slots) {
      Subscription sub = s.subscription;
      if (sub != null && (sub.ssrc == ssrc || sub.rtxSsrc == ssrc)) {
        return sub;
      }
    }
    return null;
  }

  boolean subscribeConnected() {
    return subscribe != null && subscribe.isConnected();
  }

  boolean publishConnected() {
    return publish != null && publish.isConnected();
  }

  int payloadTypeFor(String codecKey, boolean withRtx) {
    Integer pt = payloadTypes.get(codecKey);
    if (pt != null) {
      return pt;
    }
    int chosen = nextFreePayloadType();
    payloadTypes.put(codecKey, chosen);
    if (withRtx) {
      payloadTypes.put("rtx/" + codecKey, nextFreePayloadType());
    }
    return chosen;
  }

  int rtxPayloadTypeFor(String codecKey) {
    Integer pt = payloadTypes.get("rtx/" + codecKey);
    return pt == null ? -1 : pt;
  }

  private int nextFreePayloadType() {
    // 96-127 is the dynamic range (RFC 3551 §3); 35-63 is the extra range browsers also use.
    int pt = nextPayloadType;
    nextPayloadType = pt == 127 ? 35 : pt + 1;
    if (payloadTypes.size() > 60) {
      throw new IllegalStateException("no payload types left on the subscribe connection");
    }
    return pt;
  }

  @Override
  public String toString() {
    return "SfuPeer[" + room.id + "/" + id + "]";
  }
}
