package org.conclave.media.sfu;

import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.conclave.media.DropReason;
import org.conclave.media.Drops;
import org.conclave.media.TrackSource;
import org.conclave.media.TransitTimes;
import org.conclave.media.cc.PacketCache;
import org.conclave.media.rtcp.GenericNack;
import org.conclave.media.rtcp.PictureLossIndication;
import org.conclave.media.rtp.ExtensionValues;
import org.conclave.media.rtp.HeaderExtensions;
import org.conclave.media.rtp.RtpHeader;
import org.conclave.media.rtp.Vp8PayloadDescriptor;
import org.conclave.media.transport.TransportLoop;

/**
 * The SFU's RTP path: a publisher's decrypted RTP packet in, one rewritten copy out to each of its
 * track's subscriptions. It owns the per-packet steps after SRTP unprotect — header read, track
 * lookup by SSRC (or by the mid extension), receive statistics and transport-wide sequence numbers,
 * the permission check, the audio level for the dominant-speaker detector, the packet cache, the
 * keyframe gate and the rewrite — and the two things that send media or media requests on behalf of
 * a subscriber: RTX answers to NACKs from the cache ({@link #retransmit}) and rate-limited keyframe
 * requests to the publisher ({@link #requestKeyframe}). It also owns the node's forwarding counters
 * and the scratch buffers those steps write into. {@code docs/media-forwarding.md} walks through it
 * step by step.
 *
 * <p>Threading: every method runs on the node's {@link TransportLoop} thread only (the control
 * surface, {@link SfuNode}, calls in from tasks it posts there), so nothing here is locked.
 *
 * <p>Allocation: forwarding a packet allocates nothing; each subscriber's copy is written into one
 * scratch buffer and sent before the next is written. What does allocate is off the per-packet
 * path: a track's first packet (the listener's event), binding a new SSRC (new statistics and
 * cache), a held-back keyframe request (its timer task) and the PLI written for each request.
 */
final class Forwarder {

  /** At most one keyframe request per track in this interval, whatever subscribers ask. */
  static final long KEYFRAME_REQUEST_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(300);

  /** Room left after the packet in buffers for the SRTP tag and SRTCP index. */
  static final int SRTP_ROOM = 64;

  /** Hears of a track's first packet; called on the loop thread. */
  interface TrackAnnouncer {
    void trackPublished(SfuPeer publisher, Track track);
  }

  private final TransportLoop loop;
  private final Drops drops;
  private final Random random;
  private final TrackAnnouncer announcer;

  // Loop-thread scratch buffers: the packet path allocates nothing.
  private final byte[] out = new byte[TransportLoop.MAX_DATAGRAM + SRTP_ROOM + 64];
  private final byte[] cached = new byte[TransportLoop.MAX_DATAGRAM + SRTP_ROOM];
  private final byte[] rtcpOut = new byte[TransportLoop.MAX_DATAGRAM + SRTP_ROOM];

  private final TransitTimes transit = new TransitTimes();
  private long rtpForwarded;
  private long retransmissions;
  private long keyframeRequests;
  private long upstreamNacks;
  private final int[] lost = new int[UpstreamLoss.MAX_GAP];

  Forwarder(TransportLoop loop, Drops drops, Random random, TrackAnnouncer announcer) {
    this.loop = loop;
    this.drops = drops;
    this.random = random;
    this.announcer = announcer;
  }

  /** Forwarded packets' time in the node. */
  TransitTimes transit() {
    return transit;
  }

  /** RTP packets sent to subscribers (retransmissions not included). */
  long rtpForwarded() {
    return rtpForwarded;
  }

  /** Packets resent to subscribers from the cache. */
  long retransmissions() {
    return retransmissions;
  }

  /** Keyframe requests (PLI) sent to publishers. */
  long keyframeRequests() {
    return keyframeRequests;
  }

  /**
   * One decrypted RTP packet from {@code peer}'s publish connection. The buffer is the transport's
   * and is read only during this call.
   */
  void onPublisherRtp(SfuPeer peer, byte[] buf, int off, int len) {
    int headerLength = RtpHeader.headerLength(buf, off, len);
    int padding = RtpHeader.paddingLength(buf, off, len);
    if (headerLength < 0 || padding > len - headerLength) {
      // RFC 3550 §5.1: the padding count includes itself and cannot exceed what follows the header.
      drops.count(DropReason.RTP_MALFORMED);
      return;
    }
    long ssrc = RtpHeader.ssrc(buf, off);
    Layer layer = peer.layerBySsrc(ssrc);
    if (layer == null) {
      layer = bindByHeaderExtensions(peer, buf, off, len, ssrc);
      if (layer == null) {
        drops.count(DropReason.RTP_UNKNOWN_SSRC);
        return;
      }
    }
    Track t = layer.track;
    long now = loop.receivedNanos();
    int seq = RtpHeader.sequenceNumber(buf, off);
    long ts = RtpHeader.timestamp(buf, off);
    layer.stats.onPacket(seq, ts, now);
    if (len - headerLength - padding > 0) {
      // Padding-only packets (a browser's bandwidth probes, sent on an encoding it may have
      // stopped) do not make a layer look alive: forwarded, such a layer showed a still picture.
      layer.onPacket(len, now);
    }
    t.packets++;
    t.bytes += len;
    if (peer.twccExtension > 0 && peer.twcc != null) {
      long h = HeaderExtensions.findInPacket(buf, off, len, peer.twccExtension);
      if (h >= 0) {
        int tseq =
            ExtensionValues.readTransportWideSequenceNumber(
                buf, HeaderExtensions.dataOffset(h), HeaderExtensions.dataLength(h));
        if (tseq >= 0) {
          peer.twcc.onPacket(tseq, now);
        }
      }
    }
    if (!t.announced) {
      t.announced = true;
      announcer.trackPublished(peer, t);
    }
    boolean allowed = peer.permissions.allows(t.source);
    if (!allowed) {
      t.refused++;
      drops.count(DropReason.NOT_PERMITTED);
      if (!t.blocked) {
        t.blocked = true;
        t.pauseAll();
      }
      return;
    }
    t.blocked = false;
    if (t.source == TrackSource.MICROPHONE && peer.audioLevelExtension > 0) {
      long h = HeaderExtensions.findInPacket(buf, off, len, peer.audioLevelExtension);
      if (h >= 0) {
        int level =
            ExtensionValues.readAudioLevel(
                buf, HeaderExtensions.dataOffset(h), HeaderExtensions.dataLength(h));
        if (level >= 0) {
          peer.room.speaker.onAudioLevel(
              peer.number, ExtensionValues.level(level), ExtensionValues.voiceActivity(level));
        }
      }
    }
    if (layer.cache != null) {
      layer.cache.insert(buf, off, len);
    }
    if (layer.loss != null && layer.loss.onPacket(seq, now)) {
      askForLostPackets(layer, now);
    }
    int payloadOffset = off + headerLength;
    int payloadLength = len - headerLength;
    boolean keyframe = !t.vp8 || Vp8PayloadDescriptor.isKeyframe(buf, payloadOffset, payloadLength);
    if (keyframe && t.vp8) {
      layer.lastKeyframeNanos = now;
      layer.readResolution(buf, payloadOffset, payloadLength);
    }
    List<Subscription> subs = t.subscriptions;
    for (int i = 0, n = subs.size(); i < n; i++) {
      forward(subs.get(i), layer, buf, off, len, headerLength, seq, ts, keyframe, now);
    }
  }

  /**
   * The layer now arrives under {@code ssrc} (its first SSRC, or a new one: a new peer connection,
   * or the browser changed it). A new SSRC is a new sequence-number and timestamp space, so every
   * subscription forwarding it starts a new run with it (video at a keyframe); without that the
   * subscriber would see a jump, or have everything dropped as older than the run.
   */
  void bindSsrc(Layer layer, long ssrc) {
    Track t = layer.track;
    layer.ssrc = ssrc;
    layer.stats = new ReceiveStatistics(t.codec.clockRate());
    layer.cache =
        t.isVideo() ? new PacketCache(ssrc, PacketCache.Settings.DEFAULTS, loop::nanoTime) : null;
    layer.loss = t.isVideo() ? new UpstreamLoss() : null;
    for (Subscription s : t.subscriptions) {
      if (s.currentLayer == layer.index) {
        s.pause();
      }
    }
  }

  /**
   * Binds an unannounced SSRC to its layer by the header extensions the browser sends until the
   * node has answered (RFC 8843 §15 mid, RFC 8852 §3.1 rtp-stream-id): the mid names the track, the
   * rid the simulcast layer.
   */
  private Layer bindByHeaderExtensions(SfuPeer peer, byte[] buf, int off, int len, long ssrc) {
    if (peer.midExtension <= 0) {
      return null;
    }
    long h = HeaderExtensions.findInPacket(buf, off, len, peer.midExtension);
    if (h < 0) {
      return null;
    }
    String mid =
        ExtensionValues.readString(
            buf, HeaderExtensions.dataOffset(h), HeaderExtensions.dataLength(h));
    Track t = mid == null ? null : peer.tracksByMid.get(mid);
    if (t == null) {
      return null;
    }
    Layer layer = t.layers[0];
    if (t.simulcast()) {
      long r =
          peer.ridExtension > 0
              ? HeaderExtensions.findInPacket(buf, off, len, peer.ridExtension)
              : -1;
      String rid =
          r < 0
              ? null
              : ExtensionValues.readString(
                  buf, HeaderExtensions.dataOffset(r), HeaderExtensions.dataLength(r));
      layer = rid == null ? null : t.layerByRid(rid);
      if (layer == null) {
        return null;
      }
    }
    bindSsrc(layer, ssrc);
    return layer;
  }

  private void forward(
      Subscription sub,
      Layer layer,
      byte[] buf,
      int off,
      int len,
      int headerLength,
      int seq,
      long ts,
      boolean keyframe,
      long now) {
    if (!sub.negotiated || !sub.subscriber.subscribeConnected()) {
      return;
    }
    int target = sub.targetLayer;
    if (target < 0) {
      if (!sub.paused || sub.currentLayer >= 0) {
        sub.pause();
        sub.currentLayer = -1;
      }
      return; // nothing for this subscriber now (no bandwidth, or not shown)
    }
    boolean switching = layer.index == target && layer.index != sub.currentLayer;
    if (switching || sub.needKeyframe) {
      // Nothing decodable flows yet (a new subscriber, or after a pause): a keyframe of any layer
      // up
      // to the target starts the picture at once; the target's own keyframe switches up later.
      boolean startBelow = sub.needKeyframe && keyframe && layer.index < target;
      if (layer.index != target && !startBelow) {
        return;
      }
      if (!keyframe) {
        if (sub.needKeyframe) {
          sub.paused = true;
        }
        requestKeyframe(layer, false);
        return;
      }
      // Start, or switch layers, at this keyframe: a new run continuing the last one.
      sub.currentLayer = layer.index;
      sub.dropCurrent = false;
      sub.needKeyframe = false;
      sub.paused = true;
    } else if (layer.index != sub.currentLayer || sub.dropCurrent) {
      return;
    }
    int payloadOffset = headerLength;
    if (sub.paused) {
      sub.rebase(seq, ts, now, sub.track.codec.clockRate(), random.nextInt());
      if (sub.track.vp8) {
        sub.rebasePicture(
            Vp8PayloadDescriptor.pictureId(buf, off + payloadOffset, len - payloadOffset),
            Vp8PayloadDescriptor.tl0PicIdx(buf, off + payloadOffset, len - payloadOffset));
      }
    } else if (!sub.inCurrentRun(seq)) {
      return;
    }
    int outSeq = sub.outSequence(seq);
    long outTs = sub.outTimestamp(ts);
    boolean newest = !sub.started || ((outSeq - sub.lastOutSeq) & 0xFFFF) < 0x8000;
    int n = write(sub, buf, off, len, headerLength, outSeq, outTs, newest);
    sub.sent(outSeq, outTs, now, len - headerLength);
    SfuPeer subscriber = sub.subscriber;
    boolean sent;
    if (sub.track.isVideo() && BandwidthAllocation.estimated(subscriber)) {
      if (subscriber.pacer == null) {
        subscriber.pacer =
            new Pacer(
                (b, o, l, tseq, received) -> sendNow(subscriber, b, o, l, tseq, received),
                TransportLoop.MAX_DATAGRAM + 64);
      }
      sent =
          subscriber.pacer.offer(
              out, n, writtenTransportSequence, subscriber.bandwidth.estimate(), now);
    } else {
      sent = sendNow(subscriber, out, 0, n, writtenTransportSequence, now);
    }
    if (sent) {
      rtpForwarded++;
    }
  }

  /**
   * Sends a packet to a subscriber now. When it carries our transport-wide sequence number block
   * ({@code stamp} 1), the number is given here, at the moment of sending, so that numbers follow
   * the order packets leave in (the pacer may hold video back while audio goes), and recorded for
   * the bandwidth estimate. A forwarded packet's time in the node, from {@code receivedNanos} (its
   * datagram's arrival) to now, goes to {@link #transit}; a retransmission passes {@link
   * #NOT_FORWARDED}.
   */
  private boolean sendNow(
      SfuPeer subscriber, byte[] buf, int off, int len, int stamp, long receivedNanos) {
    int tseq = -1;
    if (stamp > 0) {
      tseq = subscriber.nextTransportSequence();
      int at = off + RtpHeader.FIXED_HEADER_LENGTH + 4 * RtpHeader.csrcCount(buf, off) + 5;
      buf[at] = (byte) (tseq >>> 8);
      buf[at + 1] = (byte) tseq;
    }
    boolean sent = subscriber.subscribe.sendRtp(buf, off, len);
    long sentNanos = loop.nanoTime(); // one clock read for the estimate and the transit time
    if (tseq >= 0) {
      subscriber.bandwidth.onPacketSent(tseq, len, sentNanos, false);
    }
    if (sent && receivedNanos != NOT_FORWARDED) {
      transit.record(sentNanos - receivedNanos);
    }
    return sent;
  }

  /** The arrival time given for packets sent that are not forwarded ones (retransmissions). */
  private static final long NOT_FORWARDED = Long.MIN_VALUE;

  /** 1 when {@link #write} last wrote our transport-wide sequence number block, else 0. */
  private int writtenTransportSequence;

  /**
   * Writes the subscriber's copy of a packet into {@code out}: rewritten header, the transport-wide
   * sequence number when the subscriber takes transport-cc, VP8 PictureID and TL0PICIDX moved by
   * the subscription's offsets. Returns its length.
   */
  private int write(
      Subscription sub,
      byte[] buf,
      int off,
      int len,
      int headerLength,
      int outSeq,
      long outTs,
      boolean newest) {
    SfuPeer subscriber = sub.subscriber;
    int n;
    int payloadAt;
    if (subscriber.subscribeTwccExtension > 0) {
      n =
          RtpRewriter.writeWithTransportSequence(
              buf,
              off,
              len,
              headerLength,
              out,
              0,
              sub.payloadType,
              outSeq,
              outTs,
              sub.ssrc,
              subscriber.subscribeTwccExtension,
              0); // the number itself is given when the packet leaves (sendNow)
      payloadAt = n - (len - headerLength);
      writtenTransportSequence = 1;
    } else {
      writtenTransportSequence = 0;
      n =
          RtpRewriter.writeWithoutExtensions(
              buf, off, len, headerLength, out, 0, sub.payloadType, outSeq, outTs, sub.ssrc);
      payloadAt = n - (len - headerLength);
    }
    if (sub.track.vp8) {
      int payloadLength = n - payloadAt;
      int pictureId = Vp8PayloadDescriptor.pictureId(out, payloadAt, payloadLength);
      if (pictureId >= 0) {
        int outPictureId = (pictureId + sub.pictureIdOffset) & 0x7FFF;
        Vp8PayloadDescriptor.setPictureId(out, payloadAt, payloadLength, outPictureId);
        if (newest) {
          sub.lastOutPictureId = outPictureId;
        }
      }
      int tl0 = Vp8PayloadDescriptor.tl0PicIdx(out, payloadAt, payloadLength);
      if (tl0 >= 0) {
        int outTl0 = (tl0 + sub.tl0Offset) & 0xFF;
        Vp8PayloadDescriptor.setTl0PicIdx(out, payloadAt, payloadLength, outTl0);
        if (newest) {
          sub.lastOutTl0 = outTl0;
        }
      }
    }
    return n;
  }

  /**
   * Asks the publisher for a keyframe (PLI), at most once per interval per track. An urgent request
   * (a subscriber's PLI or FIR, a new subscriber, a permission granted) that falls inside the
   * interval is held back, not forgotten: it is sent when the interval ends, once however many came
   * meanwhile. Otherwise a grant or a new subscriber right after another request would wait for the
   * next delta frame's non-urgent request, three intervals later, or for ever when the publisher
   * sends nothing more.
   */
  void requestKeyframe(Layer layer, boolean urgent) {
    Track t = layer.track;
    SfuPeer publisher = t.owner;
    if (!publisher.publishConnected() || layer.ssrc < 0 || !t.isVideo()) {
      return;
    }
    long now = loop.nanoTime();
    long interval = urgent ? KEYFRAME_REQUEST_INTERVAL_NANOS : 3 * KEYFRAME_REQUEST_INTERVAL_NANOS;
    long wait = layer.lastKeyframeRequestNanos + interval - now;
    if (wait > 0) {
      if (urgent && !layer.keyframeRequestHeld) {
        layer.keyframeRequestHeld = true;
        loop.schedule(
            wait,
            () -> {
              layer.keyframeRequestHeld = false;
              if (t.owner.tracksByMid.get(t.mid) == t) {
                requestKeyframe(layer, true);
              }
            });
      }
      return;
    }
    layer.lastKeyframeRequestNanos = now;
    int n = new PictureLossIndication(publisher.rtcpSsrc, layer.ssrc).write(rtcpOut, 0);
    if (publisher.publish.sendRtcp(rtcpOut, 0, n)) {
      layer.keyframeRequests++;
      keyframeRequests++;
    }
  }

  /**
   * A keyframe for what {@code sub} forwards or is about to: the layer it waits for, else the one
   * it forwards.
   */
  void requestKeyframe(Subscription sub, boolean urgent) {
    int index = sub.targetLayer >= 0 ? sub.targetLayer : sub.currentLayer;
    if (index >= 0 && index < sub.track.layers.length) {
      requestKeyframe(sub.track.layers[index], urgent);
    }
  }

  /**
   * Sends the publisher of {@code layer} a NACK for the packets its uplink lost that are due to be
   * asked for (new losses at once, then again at {@link UpstreamLoss#RETRY_NANOS}); the browser
   * resends them, and they are forwarded late like any other packet. Allocates only when there is
   * something to ask for.
   */
  void askForLostPackets(Layer layer, long now) {
    SfuPeer publisher = layer.track.owner;
    if (layer.loss == null || layer.loss.missing() == 0 || !publisher.publishConnected()) {
      return;
    }
    int n = layer.loss.due(now, lost);
    if (n == 0) {
      return;
    }
    List<Integer> seqs = new java.util.ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      seqs.add(lost[i]);
    }
    int length = new GenericNack(publisher.rtcpSsrc, layer.ssrc, seqs).write(rtcpOut, 0);
    if (publisher.publish.sendRtcp(rtcpOut, 0, length)) {
      layer.upstreamNacks++;
      upstreamNacks++;
    }
  }

  /** NACKs sent to publishers for packets their uplinks lost. */
  long upstreamNacks() {
    return upstreamNacks;
  }

  /**
   * Resends a packet a subscriber reported lost ({@code outSeq}, in the subscription's sequence
   * space), as RTX when negotiated (RFC 4588 §4), else as the original packet rewritten again. Only
   * packets of the current run are resent: those before a pause or a layer switch are in another
   * layer's cache under other numbers, and the decoder starts again from the keyframe anyway.
   */
  void retransmit(Subscription sub, int outSeq) {
    Layer layer = sub.current();
    if (layer == null || layer.cache == null || !sub.subscriber.subscribeConnected()) {
      return;
    }
    int in = sub.inSequenceFor(outSeq);
    if (in < 0) {
      return;
    }
    int n = layer.cache.get(in, cached, 0);
    if (n == PacketCache.MISS) {
      return;
    }
    int headerLength = RtpHeader.headerLength(cached, 0, n);
    if (headerLength < 0) {
      return;
    }
    long outTs = sub.outTimestamp(RtpHeader.timestamp(cached, 0));
    int length = write(sub, cached, 0, n, headerLength, outSeq, outTs, false);
    if (sub.rtxPayloadType >= 0) {
      // RFC 4588 §4: the RTX payload is the original sequence number, then the original payload
      // (without padding), under the RTX payload type, SSRC and sequence numbers.
      int payloadAt = length - (n - headerLength);
      int payload = length - payloadAt - RtpHeader.paddingLength(cached, 0, n);
      if (payload < 0) {
        return; // never cached: such packets are dropped on arrival
      }
      System.arraycopy(out, payloadAt, out, payloadAt + 2, payload);
      out[payloadAt] = (byte) (outSeq >>> 8);
      out[payloadAt + 1] = (byte) outSeq;
      out[0] = (byte) (out[0] & ~0x20); // no padding in the RTX packet
      RtpHeader.setPayloadType(out, 0, sub.rtxPayloadType);
      RtpHeader.setSequenceNumber(out, 0, sub.rtxSequence);
      sub.rtxSequence = (sub.rtxSequence + 1) & 0xFFFF;
      RtpHeader.setSsrc(out, 0, sub.rtxSsrc);
      length = payloadAt + 2 + payload;
    }
    if (sendNow(sub.subscriber, out, 0, length, writtenTransportSequence, NOT_FORWARDED)) {
      sub.retransmissions++;
      retransmissions++;
    }
  }

  /**
   * Size of one probe packet: header, transport-wide sequence number block, 255 bytes of padding.
   */
  static final int PROBE_PACKET_BYTES =
      RtpHeader.FIXED_HEADER_LENGTH + RtpRewriter.TRANSPORT_SEQUENCE_BLOCK + 255;

  /**
   * Sends one probe packet to {@code subscriber} on {@code sub}'s RTX stream: an RTP packet of
   * padding only (RFC 3550 §5.1, RFC 4588 §4), which the browser counts in its transport-cc
   * feedback and otherwise drops. Returns its size, or 0 when nothing was sent.
   */
  int sendProbe(SfuPeer subscriber, Subscription sub) {
    if (sub.rtxSsrc < 0
        || subscriber.subscribeTwccExtension <= 0
        || !subscriber.subscribeConnected()) {
      return 0;
    }
    java.util.Arrays.fill(out, 0, PROBE_PACKET_BYTES, (byte) 0);
    out[0] = (byte) 0xB0; // V=2, P=1, X=1
    RtpHeader.setPayloadType(out, 0, sub.rtxPayloadType);
    RtpHeader.setSequenceNumber(out, 0, sub.rtxSequence);
    sub.rtxSequence = (sub.rtxSequence + 1) & 0xFFFF;
    RtpHeader.setTimestamp(out, 0, sub.lastOutTs);
    RtpHeader.setSsrc(out, 0, sub.rtxSsrc);
    int tseq = subscriber.nextTransportSequence();
    RtpRewriter.writeTransportSequenceBlock(
        out, RtpHeader.FIXED_HEADER_LENGTH, subscriber.subscribeTwccExtension, tseq);
    out[PROBE_PACKET_BYTES - 1] = (byte) 255; // the padding count, itself included
    subscriber.bandwidth.onPacketSent(tseq, PROBE_PACKET_BYTES, loop.nanoTime(), true);
    if (subscriber.subscribe.sendRtp(out, 0, PROBE_PACKET_BYTES)) {
      probePackets++;
      return PROBE_PACKET_BYTES;
    }
    return 0;
  }

  private long probePackets;

  /** Padding packets sent to subscribers to probe for bandwidth. */
  long probePackets() {
    return probePackets;
  }
}
