package org.conclave.media.sfu;

import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.conclave.media.DropReason;
import org.conclave.media.Drops;
import org.conclave.media.TrackSource;
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
    if (headerLength < 0 || paddingLength(buf, off, len) > len - headerLength) {
      // RFC 3550 §5.1: the padding count includes itself and cannot exceed what follows the header.
      drops.count(DropReason.RTP_MALFORMED);
      return;
    }
    long ssrc = RtpHeader.ssrc(buf, off);
    Track t = peer.trackBySsrc(ssrc);
    if (t == null) {
      t = bindByMid(peer, buf, off, len, ssrc);
      if (t == null) {
        drops.count(DropReason.RTP_UNKNOWN_SSRC);
        return;
      }
    }
    long now = loop.nanoTime();
    int seq = RtpHeader.sequenceNumber(buf, off);
    long ts = RtpHeader.timestamp(buf, off);
    t.stats.onPacket(seq, ts, now);
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
    if (t.cache != null) {
      t.cache.insert(buf, off, len);
    }
    if (t.loss != null && t.loss.onPacket(seq, now)) {
      askForLostPackets(t, now);
    }
    int payloadOffset = off + headerLength;
    int payloadLength = len - headerLength;
    boolean keyframe = !t.vp8 || Vp8PayloadDescriptor.isKeyframe(buf, payloadOffset, payloadLength);
    List<Subscription> subs = t.subscriptions;
    for (int i = 0, n = subs.size(); i < n; i++) {
      forward(subs.get(i), buf, off, len, headerLength, seq, ts, keyframe, now);
    }
  }

  /**
   * The track now arrives under {@code ssrc} (its first SSRC, or a new one: a new peer connection,
   * or the browser changed it). A new SSRC is a new sequence-number and timestamp space, so every
   * subscription starts a new run with it (video at a keyframe); without that the subscriber would
   * see a jump, or have everything dropped as older than the run.
   */
  void bindSsrc(Track t, long ssrc) {
    t.ssrc = ssrc;
    t.stats = new ReceiveStatistics(t.codec.clockRate());
    t.cache =
        t.isVideo() ? new PacketCache(ssrc, PacketCache.Settings.DEFAULTS, loop::nanoTime) : null;
    t.loss = t.isVideo() ? new UpstreamLoss() : null;
    t.pauseAll();
  }

  private Track bindByMid(SfuPeer peer, byte[] buf, int off, int len, long ssrc) {
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
    bindSsrc(t, ssrc);
    return t;
  }

  private void forward(
      Subscription sub,
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
    if (sub.needKeyframe) {
      if (!keyframe) {
        sub.paused = true;
        requestKeyframe(sub.track, false);
        return;
      }
      sub.needKeyframe = false;
      sub.paused = true;
    }
    if (sub.paused) {
      sub.rebase(seq, ts, now, sub.track.codec.clockRate(), random.nextInt());
    } else if (!sub.inCurrentRun(seq)) {
      return;
    }
    int outSeq = sub.outSequence(seq);
    long outTs = sub.outTimestamp(ts);
    int n =
        RtpRewriter.writeWithoutExtensions(
            buf, off, len, headerLength, out, 0, sub.payloadType, outSeq, outTs, sub.ssrc);
    sub.sent(outSeq, outTs, now, len - headerLength);
    if (sub.subscriber.subscribe.sendRtp(out, 0, n)) {
      rtpForwarded++;
    }
  }

  /**
   * Asks the publisher for a keyframe (PLI), at most once per interval per track. An urgent request
   * (a subscriber's PLI or FIR, a new subscriber, a permission granted) that falls inside the
   * interval is held back, not forgotten: it is sent when the interval ends, once however many came
   * meanwhile. Otherwise a grant or a new subscriber right after another request would wait for the
   * next delta frame's non-urgent request, three intervals later, or for ever when the publisher
   * sends nothing more.
   */
  void requestKeyframe(Track t, boolean urgent) {
    SfuPeer publisher = t.owner;
    if (!publisher.publishConnected() || t.ssrc < 0 || !t.isVideo()) {
      return;
    }
    long now = loop.nanoTime();
    long interval = urgent ? KEYFRAME_REQUEST_INTERVAL_NANOS : 3 * KEYFRAME_REQUEST_INTERVAL_NANOS;
    long wait = t.lastKeyframeRequestNanos + interval - now;
    if (wait > 0) {
      if (urgent && !t.keyframeRequestHeld) {
        t.keyframeRequestHeld = true;
        loop.schedule(
            wait,
            () -> {
              t.keyframeRequestHeld = false;
              if (t.owner.tracksByMid.get(t.mid) == t) {
                requestKeyframe(t, true);
              }
            });
      }
      return;
    }
    t.lastKeyframeRequestNanos = now;
    int n = new PictureLossIndication(publisher.rtcpSsrc, t.ssrc).write(rtcpOut, 0);
    if (publisher.publish.sendRtcp(rtcpOut, 0, n)) {
      t.keyframeRequests++;
      keyframeRequests++;
    }
  }

  /**
   * Sends the publisher of {@code t} a NACK for the packets its uplink lost that are due to be
   * asked for (new losses at once, then again at {@link UpstreamLoss#RETRY_NANOS}); the browser
   * resends them, and they are forwarded late like any other packet. Allocates only when there is
   * something to ask for.
   */
  void askForLostPackets(Track t, long now) {
    SfuPeer publisher = t.owner;
    if (t.loss == null || t.loss.missing() == 0 || !publisher.publishConnected()) {
      return;
    }
    int n = t.loss.due(now, lost);
    if (n == 0) {
      return;
    }
    List<Integer> seqs = new java.util.ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      seqs.add(lost[i]);
    }
    int length = new GenericNack(publisher.rtcpSsrc, t.ssrc, seqs).write(rtcpOut, 0);
    if (publisher.publish.sendRtcp(rtcpOut, 0, length)) {
      t.upstreamNacks++;
      upstreamNacks++;
    }
  }

  /** NACKs sent to publishers for packets their uplinks lost. */
  long upstreamNacks() {
    return upstreamNacks;
  }

  /**
   * Resends a packet a subscriber reported lost ({@code outSeq}, in the subscription's sequence
   * space), as RTX when negotiated (RFC 4588 §4), else as the original packet rewritten again.
   */
  void retransmit(Subscription sub, int outSeq) {
    Track t = sub.track;
    if (t.cache == null || !sub.subscriber.subscribeConnected()) {
      return;
    }
    int in = sub.inSequenceFor(outSeq);
    if (in < 0) {
      return;
    }
    int n = t.cache.get(in, cached, 0);
    if (n == PacketCache.MISS) {
      return;
    }
    int headerLength = RtpHeader.headerLength(cached, 0, n);
    if (headerLength < 0) {
      return;
    }
    long outTs = sub.outTimestamp(RtpHeader.timestamp(cached, 0));
    int length;
    if (sub.rtxPayloadType >= 0) {
      int fixed = RtpHeader.FIXED_HEADER_LENGTH + 4 * RtpHeader.csrcCount(cached, 0);
      System.arraycopy(cached, 0, out, 0, fixed);
      out[0] = (byte) (out[0] & ~0x30); // X = 0, and no padding in the RTX packet
      int payload = n - headerLength - paddingLength(cached, 0, n);
      if (payload < 0) {
        return; // never cached: such packets are dropped on arrival
      }
      out[fixed] = (byte) (outSeq >>> 8); // OSN, RFC 4588 §4
      out[fixed + 1] = (byte) outSeq;
      System.arraycopy(cached, headerLength, out, fixed + 2, payload);
      RtpHeader.setPayloadType(out, 0, sub.rtxPayloadType);
      RtpHeader.setSequenceNumber(out, 0, sub.rtxSequence);
      sub.rtxSequence = (sub.rtxSequence + 1) & 0xFFFF;
      RtpHeader.setTimestamp(out, 0, outTs);
      RtpHeader.setSsrc(out, 0, sub.rtxSsrc);
      length = fixed + 2 + payload;
    } else {
      length =
          RtpRewriter.writeWithoutExtensions(
              cached, 0, n, headerLength, out, 0, sub.payloadType, outSeq, outTs, sub.ssrc);
    }
    if (sub.subscriber.subscribe.sendRtp(out, 0, length)) {
      sub.retransmissions++;
      retransmissions++;
    }
  }

  /** The padding count in the last byte when P is set (RFC 3550 §5.1), else 0. */
  private static int paddingLength(byte[] buf, int off, int len) {
    if (!RtpHeader.hasPadding(buf, off) || len < 1) {
      return 0;
    }
    return buf[off + len - 1] & 0xFF;
  }
}
