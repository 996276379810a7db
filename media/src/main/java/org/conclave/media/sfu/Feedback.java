package org.conclave.media.sfu;

import java.util.ArrayList;
import java.util.List;
import org.conclave.media.DropReason;
import org.conclave.media.Drops;
import org.conclave.media.rtcp.FullIntraRequest;
import org.conclave.media.rtcp.GenericNack;
import org.conclave.media.rtcp.PictureLossIndication;
import org.conclave.media.rtcp.ReceiverReport;
import org.conclave.media.rtcp.ReportBlock;
import org.conclave.media.rtcp.RtcpCompound;
import org.conclave.media.rtcp.RtcpPacket;
import org.conclave.media.rtcp.SenderReport;
import org.conclave.media.rtcp.TransportCcFeedback;
import org.conclave.media.transport.TransportLoop;

/**
 * The SFU's RTCP path, both ways. In: a publisher's sender reports (receive statistics, and each
 * passed on to its subscribers under their SSRCs and timestamps), and a subscriber's receiver
 * reports (round-trip time), NACKs (answered by {@link Forwarder#retransmit}) and PLI/FIR (turned
 * into a rate-limited {@link Forwarder#requestKeyframe}). Out, on the node's timers: a receiver
 * report to each publisher every second and transport-cc feedback every 50 ms. It owns the NACK
 * counter and the scratch buffer its own RTCP is written into.
 *
 * <p>Threading: every method runs on the node's {@link TransportLoop} thread only, called by {@link
 * SfuNode}'s transport handlers and timers, so nothing here is locked.
 *
 * <p>Allocation: the RTCP it reads and writes is parsed into and written from objects (one compound
 * parse per datagram, one report per sender report or timer tick); RTCP is a few packets a second
 * per stream, not the per-packet media path.
 */
final class Feedback {

  private final TransportLoop loop;
  private final Drops drops;
  private final Forwarder forwarder;

  // Loop-thread scratch buffer for the RTCP written here.
  private final byte[] rtcpOut = new byte[TransportLoop.MAX_DATAGRAM + Forwarder.SRTP_ROOM];

  private long nacksReceived;
  private long transportFeedbackReceived;

  /** Hears that a subscriber's bandwidth estimate fell: its layers are chosen again at once. */
  interface EstimateListener {
    void estimateFell(SfuPeer subscriber);
  }

  private final EstimateListener estimates;

  Feedback(TransportLoop loop, Drops drops, Forwarder forwarder, EstimateListener estimates) {
    this.loop = loop;
    this.drops = drops;
    this.forwarder = forwarder;
    this.estimates = estimates;
  }

  /** Transport-cc feedback packets taken from subscribers. */
  long transportFeedbackReceived() {
    return transportFeedbackReceived;
  }

  /** NACK packets received from subscribers. */
  long nacksReceived() {
    return nacksReceived;
  }

  /**
   * One decrypted RTCP datagram (a compound packet) from one of {@code peer}'s connections: its
   * publish connection when {@code publishing}, else its subscribe connection.
   */
  void onRtcp(SfuPeer peer, boolean publishing, byte[] buf, int off, int len) {
    List<RtcpPacket> packets = RtcpCompound.parse(buf, off, len);
    if (packets == null) {
      drops.count(DropReason.RTCP_MALFORMED);
      return;
    }
    if (publishing) {
      onPublisherRtcp(peer, packets);
    } else {
      onSubscriberRtcp(peer, packets);
    }
  }

  private void onPublisherRtcp(SfuPeer peer, List<RtcpPacket> packets) {
    long now = loop.nanoTime();
    for (RtcpPacket p : packets) {
      if (p instanceof SenderReport sr) {
        Layer layer = peer.layerBySsrc(sr.senderSsrc());
        if (layer == null) {
          continue;
        }
        layer.stats.onSenderReport(sr.ntpTimestamp(), now);
        for (Subscription sub : layer.track.subscriptions) {
          if (sub.currentLayer == layer.index) {
            translateSenderReport(sub, sr);
          }
        }
      }
    }
  }

  /** Passes a publisher's sender report on under the subscription's SSRC and timestamps. */
  private void translateSenderReport(Subscription sub, SenderReport sr) {
    if (!sub.started || sub.paused || !sub.subscriber.subscribeConnected()) {
      return;
    }
    SenderReport out =
        new SenderReport(
            sub.ssrc,
            sr.ntpTimestamp(),
            sub.outTimestamp(sr.rtpTimestamp()),
            sub.packets & 0xFFFF_FFFFL,
            sub.octets & 0xFFFF_FFFFL,
            List.of());
    int n = out.write(rtcpOut, 0);
    sub.lastSrNtpMiddle = (sr.ntpTimestamp() >>> 16) & 0xFFFF_FFFFL;
    sub.lastSrSentNanos = loop.nanoTime();
    sub.subscriber.subscribe.sendRtcp(rtcpOut, 0, n);
  }

  private void onSubscriberRtcp(SfuPeer peer, List<RtcpPacket> packets) {
    for (RtcpPacket p : packets) {
      if (p instanceof ReceiverReport rr) {
        reportBlocks(peer, rr.reportBlocks());
      } else if (p instanceof SenderReport sr) {
        reportBlocks(peer, sr.reportBlocks());
      } else if (p instanceof GenericNack nack) {
        peer.nacks++;
        nacksReceived++;
        Subscription sub = peer.subscriptionBySsrc(nack.mediaSsrc());
        if (sub != null) {
          for (int seq : nack.lostSequenceNumbers()) {
            forwarder.retransmit(sub, seq);
          }
        }
      } else if (p instanceof PictureLossIndication pli) {
        peer.plis++;
        Subscription sub = peer.subscriptionBySsrc(pli.mediaSsrc());
        if (sub != null) {
          forwarder.requestKeyframe(sub, true);
        }
      } else if (p instanceof TransportCcFeedback fb) {
        if (peer.subscribeTwccExtension > 0) {
          long before = peer.bandwidth.estimate();
          peer.bandwidth.onFeedback(fb, loop.nanoTime());
          transportFeedbackReceived++;
          if (peer.bandwidth.estimate() < before * 4 / 5) {
            estimates.estimateFell(peer);
          }
        }
      } else if (p instanceof FullIntraRequest fir) {
        peer.plis++;
        for (FullIntraRequest.Entry e : fir.entries()) {
          Subscription sub = peer.subscriptionBySsrc(e.ssrc());
          if (sub != null) {
            forwarder.requestKeyframe(sub, true);
          }
        }
      }
    }
  }

  private void reportBlocks(SfuPeer peer, List<ReportBlock> blocks) {
    for (ReportBlock b : blocks) {
      Subscription sub = peer.subscriptionBySsrc(b.ssrc());
      if (sub == null || b.lastSenderReport() == 0 || b.lastSenderReport() != sub.lastSrNtpMiddle) {
        continue;
      }
      // RFC 3550 §6.4.1: RTT = A - LSR - DLSR. The report we sent carries the publisher's NTP time,
      // not ours, so LSR only names it; A - LSR is the time since we sent it, on our own clock.
      long sinceSent = loop.nanoTime() - sub.lastSrSentNanos;
      long delay = b.delaySinceLastSenderReport() * 1_000_000_000L / 65536;
      long rtt = sinceSent - delay;
      if (rtt >= 0 && rtt < 10_000_000_000L) {
        sub.rttMillis = rtt / 1e6;
      }
    }
  }

  /**
   * A receiver report to the publisher (RFC 3550 §6.4.2) with a block for each of its tracks that
   * has received a packet; nothing when its publish connection is down or no track has.
   */
  void sendReceiverReports(SfuPeer peer, long now) {
    if (!peer.publishConnected()) {
      return;
    }
    List<ReportBlock> blocks = new ArrayList<>();
    for (Track t : peer.trackArray) {
      for (Layer l : t.layers) {
        if (l.ssrc >= 0 && l.stats.started()) {
          blocks.add(l.stats.report(l.ssrc, now));
        }
      }
    }
    if (blocks.isEmpty()) {
      return;
    }
    int n = new ReceiverReport(peer.rtcpSsrc, blocks).write(rtcpOut, 0);
    peer.publish.sendRtcp(rtcpOut, 0, n);
  }

  /**
   * Transport-cc feedback to the publisher for the transport-wide sequence numbers recorded since
   * the last (when it negotiated the extension and its publish connection is up).
   */
  void sendTransportFeedback(SfuPeer peer) {
    if (peer.twcc == null || peer.twccExtension <= 0 || !peer.publishConnected()) {
      return;
    }
    long mediaSsrc =
        peer.trackArray.length > 0 ? Math.max(0, peer.trackArray[0].layers[0].ssrc) : 0;
    int n =
        peer.twcc.writeFeedback(
            peer.rtcpSsrc, mediaSsrc, rtcpOut, 0, rtcpOut.length - Forwarder.SRTP_ROOM);
    if (n > 0) {
      peer.publish.sendRtcp(rtcpOut, 0, n);
    }
  }
}
