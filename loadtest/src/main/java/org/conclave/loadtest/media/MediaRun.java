package org.conclave.loadtest.media;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.conclave.media.TrackSource;
import org.conclave.media.client.ClientPeer;
import org.conclave.media.client.Source;
import org.conclave.media.rtcp.FullIntraRequest;
import org.conclave.media.rtcp.PictureLossIndication;
import org.conclave.media.rtcp.RtcpPacket;

/**
 * One scenario's run against one {@link SfuUnderTest}: the participants it has published and
 * subscribed so far, the {@link TrafficSender} that sends for them, and the measurement of a step.
 * The scenario's thread only.
 */
final class MediaRun implements AutoCloseable {

  /** After the window closes, how long packets stamped inside it may still arrive. */
  private static final long GRACE_MILLIS = 300;

  final SfuUnderTest sfu;
  private final TrafficSender sender = new TrafficSender();
  private final Map<Long, Boolean> videoBySsrc = new ConcurrentHashMap<>();
  private final List<Member> members = new ArrayList<>();
  private final AtomicLong seeds = new AtomicLong(0x5eed);
  private List<SubscriberMeter> joinedThisStep = new ArrayList<>();

  /** A participant: what it publishes and its subscriber, each possibly absent. */
  static final class Member {
    final String room;
    final String id;
    final List<OutgoingStream> streams = new ArrayList<>();
    ClientPeer publisher;
    SubscriberMeter meter;

    Member(String room, String id) {
      this.room = room;
      this.id = id;
    }
  }

  MediaRun(SfuUnderTest sfu) {
    SrtpWarmUp.once();
    this.sfu = sfu;
  }

  /** Publishes {@code traffic} for a new participant and starts sending it. */
  Member publish(String room, String id, Traffic traffic) throws Exception {
    List<Source> sources = new ArrayList<>();
    List<Traffic.Layer> layers = new ArrayList<>();
    if (traffic.audio()) {
      sources.add(Source.of(TrackSource.MICROPHONE));
      layers.add(null);
    }
    if (traffic.simulcast()) {
      String[] rids = traffic.video().stream().map(l -> l.rid).toArray(String[]::new);
      sources.addAll(Source.simulcast(TrackSource.CAMERA, rids));
      layers.addAll(traffic.video());
    } else if (!traffic.video().isEmpty()) {
      sources.add(Source.of(TrackSource.CAMERA));
      layers.add(traffic.video().get(0));
    }
    SfuUnderTest.Publisher p = sfu.publish(room, id, sources);
    Member m = new Member(room, id);
    m.publisher = p.peer();
    OutgoingStream.Connection connection =
        new OutgoingStream.Connection(p.peer(), (int) (seeds.get() & 0xFFFF));
    int track = -1;
    for (int i = 0; i < p.sources().size(); i++) {
      Source s = p.sources().get(i);
      // ClientPeer's offers give mids "0", "1", ... one per track, in the order of the sources;
      // the simulcast encodings of a track (same track id, each with a rid) share its mid.
      if (i == 0 || s.rid() == null || !s.trackId().equals(p.sources().get(i - 1).trackId())) {
        track++;
      }
      Traffic.Layer layer = layers.get(i);
      OutgoingStream stream =
          new OutgoingStream(
              connection,
              s,
              String.valueOf(track),
              layer,
              layer == null || layer == traffic.forwarded(),
              seeds.incrementAndGet());
      videoBySsrc.put(s.ssrc(), stream.video);
      m.streams.add(stream);
    }
    p.peer().setRtcpListener(r -> answerKeyframeRequests(m, r.packets()));
    for (OutgoingStream s : m.streams) {
      sender.add(s);
    }
    members.add(m);
    return m;
  }

  private static void answerKeyframeRequests(Member m, List<RtcpPacket> packets) {
    for (RtcpPacket p : packets) {
      if (p instanceof PictureLossIndication pli) {
        keyframe(m, pli.mediaSsrc());
      } else if (p instanceof FullIntraRequest fir) {
        fir.entries().forEach(e -> keyframe(m, e.ssrc()));
      }
    }
  }

  private static void keyframe(Member m, long ssrc) {
    for (OutgoingStream s : m.streams) {
      if (s.video && s.source.ssrc() == ssrc) {
        s.requestKeyframe();
      }
    }
  }

  /**
   * Subscribes {@code id} (a publisher already, or a new listener) to every other participant of
   * the room published so far; it expects their audio and the simulcast encoding both SFUs forward
   * (see {@link Traffic}).
   */
  SubscriberMeter subscribe(String room, String id) throws Exception {
    Member m =
        members.stream()
            .filter(x -> x.room.equals(room) && x.id.equals(id))
            .findFirst()
            .orElse(null);
    if (m == null) {
      m = new Member(room, id);
      members.add(m);
    }
    List<OutgoingStream> expected = new ArrayList<>();
    for (Member other : members) {
      if (other != m && other.room.equals(room)) {
        other.streams.stream().filter(s -> s.forwarded).forEach(expected::add);
      }
    }
    SubscriberMeter meter = new SubscriberMeter(id, System.nanoTime(), expected, videoBySsrc);
    meter.peer = sfu.subscribe(room, id, meter);
    m.meter = meter;
    joinedThisStep.add(meter);
    return meter;
  }

  /** Stops every stream of the room and closes its participants' peers. */
  void leave(String room) {
    for (Member m : List.copyOf(members)) {
      if (m.room.equals(room)) {
        m.streams.forEach(OutgoingStream::stop);
        if (m.publisher != null) {
          m.publisher.close();
        }
        if (m.meter != null) {
          m.meter.peer.close();
        }
        members.remove(m);
      }
    }
  }

  /**
   * Lets the load settle for {@code warmUpSeconds}, then measures one window of {@code seconds}.
   */
  StepResult measure(int step, double warmUpSeconds, double seconds) throws InterruptedException {
    Thread.sleep((long) (warmUpSeconds * 1000));
    List<OutgoingStream> streams = new ArrayList<>();
    List<SubscriberMeter> meters = new ArrayList<>();
    for (Member m : members) {
      streams.addAll(m.streams);
      if (m.meter != null) {
        meters.add(m.meter);
      }
    }
    long start = System.nanoTime() + 50_000_000L;
    Window w = new Window(start, start + (long) (seconds * 1e9));
    Recorder latency = new Recorder(3);
    sender.measure(w, streams);
    for (SubscriberMeter meter : meters) {
      meter.measure(w, latency);
    }
    sleepUntil(w.startNanos());
    long cpu0 = ProcessCpu.nanos(sfu.pid());
    long gen0 = ProcessCpu.nanos(ProcessHandle.current().pid());
    long wait0 = ProcessCpu.waitNanos(sfu.pid());
    long alloc0 = sfu.allocatedBytes();
    sfu.transitSinceLastCall(); // what came before the window
    long bytes0 = bytesIn(meters);
    long wall0 = System.nanoTime();
    sleepUntil(w.endNanos());
    long cpu1 = ProcessCpu.nanos(sfu.pid());
    long gen1 = ProcessCpu.nanos(ProcessHandle.current().pid());
    long wait1 = ProcessCpu.waitNanos(sfu.pid());
    long alloc1 = sfu.allocatedBytes();
    SfuControl.Transit transit = sfu.transitSinceLastCall();
    long bytes1 = bytesIn(meters);
    long wall1 = System.nanoTime();
    Thread.sleep(GRACE_MILLIS);

    long sent = 0;
    for (OutgoingStream s : streams) {
      sent += s.sentInWindow;
    }
    long expected = 0;
    long received = 0;
    int streamsOut = 0;
    for (SubscriberMeter meter : meters) {
      expected += meter.expectedInWindow();
      received += Math.min(meter.receivedInWindow(), meter.expectedInWindow());
      streamsOut += meter.expectedStreams();
    }
    double wall = (wall1 - wall0) / 1e9;
    double window = w.seconds();
    double cpu = cpu1 - cpu0;
    Histogram h = latency.getIntervalHistogram();
    int publishers = (int) members.stream().filter(m -> m.publisher != null).count();
    StepResult r =
        new StepResult(
            step,
            publishers,
            meters.size(),
            streamsOut,
            sent / window,
            received / window,
            (bytes1 - bytes0) * 8 / wall / 1e6,
            cpu / (wall * 1e9),
            received == 0 ? Double.NaN : cpu / received,
            streamsOut == 0 ? Double.NaN : cpu / 1e3 / wall / streamsOut,
            alloc0 < 0 || received == 0 ? Double.NaN : (double) (alloc1 - alloc0) / received,
            h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(50) / 1e6,
            h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(99) / 1e6,
            h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(99.9) / 1e6,
            transit.p50Micros() / 1e3,
            transit.p99Micros() / 1e3,
            transit.p999Micros() / 1e3,
            expected == 0 ? Double.NaN : (double) (expected - received) / expected,
            median(joinedThisStep.stream().mapToLong(SubscriberMeter::joinNanos).toArray()),
            median(
                joinedThisStep.stream()
                    .filter(SubscriberMeter::expectsVideo)
                    .mapToLong(SubscriberMeter::firstFrameNanos)
                    .toArray()),
            sender.lateShare(),
            (gen1 - gen0) / (wall * 1e9),
            wait0 < 0 || wait1 < 0 ? Double.NaN : (wait1 - wait0) / (wall * 1e9));
    joinedThisStep = new ArrayList<>();
    return r;
  }

  /** The median in milliseconds of the non-negative values; NaN when there are none. */
  static double median(long[] nanos) {
    long[] v = Arrays.stream(nanos).filter(x -> x >= 0).sorted().toArray();
    if (v.length == 0) {
      return Double.NaN;
    }
    return (v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2.0)
        / 1e6;
  }

  private static long bytesIn(List<SubscriberMeter> meters) {
    long n = 0;
    for (SubscriberMeter m : meters) {
      n += m.peer.counters().bytesIn();
    }
    return n;
  }

  private static void sleepUntil(long nanos) throws InterruptedException {
    long left = nanos - System.nanoTime();
    if (left > 0) {
      Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
    }
  }

  @Override
  public void close() {
    sender.close();
  }
}
