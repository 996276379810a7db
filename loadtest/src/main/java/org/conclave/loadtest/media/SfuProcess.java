package org.conclave.loadtest.media;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.conclave.media.MediaListener;
import org.conclave.media.MediaPermissions;
import org.conclave.media.NodeStats;
import org.conclave.media.TransitTimes;
import org.conclave.media.sfu.SfuNode;
import org.conclave.media.transport.TransportSettings;
import tools.jackson.databind.json.JsonMapper;

/**
 * Our SFU alone in its own JVM, for the media benchmark: an {@link SfuNode} on 127.0.0.1 (no
 * announced public address, ICE-TCP off, last-N at the server's default of 25) driven over a small
 * HTTP API on 127.0.0.1, so the benchmark can measure the SFU's process and nothing else. {@link
 * ConclaveSfu} starts it (pinned to its own core) and is its only client.
 *
 * <p>Prints {@code READY <control port> <media port>} on standard output once it listens; stops on
 * {@code /quit} or when standard input closes (the benchmark died). Requests are served on a few
 * threads of their own; the node's calls post their work to its forwarding thread.
 */
public final class SfuProcess {

  /** The server's default {@code conclave.media.last-n}. */
  static final int LAST_N = 25;

  private static final String LOOP_THREAD = "conclave-media-loop";

  private final JsonMapper json = JsonMapper.builder().build();
  private final SfuNode node;
  private final LinkedBlockingQueue<SfuControl.Offer> offers = new LinkedBlockingQueue<>();
  private final CountDownLatch quit = new CountDownLatch(1);
  private final long loopThreadId;
  private TransitTimes.Snapshot lastTransit; // guarded by this

  private SfuProcess() {
    InetAddress lo = InetAddress.getLoopbackAddress();
    node =
        new SfuNode(
            new TransportSettings(
                lo, 0, List.of(lo), false, TransportSettings.DEFAULT_CONSENT_TIMEOUT, 0, 4_000));
    node.setLastN(LAST_N);
    node.setListener(
        new MediaListener() {
          @Override
          public void subscribeOffer(
              String roomId, String peerId, String sdp, List<OfferedTrack> tracks) {
            offers.add(new SfuControl.Offer(roomId, peerId, sdp, tracks.size()));
          }
        });
    loopThreadId = threadId(LOOP_THREAD);
  }

  public static void main(String[] args) throws Exception {
    SfuProcess process = new SfuProcess();
    HttpServer http =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    // Several threads: the benchmark's long poll for offers must not hold up its other calls.
    http.setExecutor(Executors.newFixedThreadPool(4));
    process.routes(http);
    http.start();
    System.out.println("READY " + http.getAddress().getPort() + " " + process.node.port());
    System.out.flush();
    Thread stdin =
        new Thread(
            () -> {
              try {
                while (System.in.read() >= 0) {
                  // The benchmark writes nothing: end of input means it has gone.
                }
              } catch (IOException e) {
                // Same.
              }
              process.quit.countDown();
            },
            "stdin-watch");
    stdin.setDaemon(true);
    stdin.start();
    process.quit.await();
    http.stop(0);
    process.node.close();
    System.exit(0);
  }

  private interface Handler<T, R> {
    R handle(T request) throws Exception;
  }

  private <T, R> void route(HttpServer http, String path, Class<T> type, Handler<T, R> handler) {
    http.createContext(
        path,
        exchange -> {
          Object reply;
          int status = 200;
          try {
            T request = json.readValue(exchange.getRequestBody(), type);
            reply = handler.handle(request);
          } catch (Exception e) {
            status = 500;
            reply = new SfuControl.Failure(String.valueOf(e.getMessage()));
          }
          send(exchange, status, reply == null ? new SfuControl.Empty() : reply);
        });
  }

  private void send(HttpExchange exchange, int status, Object reply) throws IOException {
    byte[] body = json.writeValueAsBytes(reply);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private void routes(HttpServer http) {
    route(
        http,
        "/room",
        SfuControl.OpenRoom.class,
        r -> {
          node.openRoom(r.room());
          return null;
        });
    route(
        http,
        "/peer",
        SfuControl.AddPeer.class,
        r -> {
          node.addPeer(
              r.room(), r.peer(), new MediaPermissions(r.microphone(), r.camera(), r.screen()));
          return null;
        });
    route(
        http,
        "/publish",
        SfuControl.Publish.class,
        r -> new SfuControl.Sdp(node.publish(r.room(), r.peer(), r.sdp(), r.sources())));
    route(http, "/offers", SfuControl.TakeOffers.class, r -> takeOffers(r.waitMillis()));
    route(
        http,
        "/answer",
        SfuControl.Answer.class,
        r -> {
          node.subscribeAnswer(r.room(), r.peer(), r.sdp());
          return null;
        });
    route(
        http,
        "/stats",
        SfuControl.Empty.class,
        r -> {
          NodeStats s = node.stats();
          Map<String, Long> drops = new TreeMap<>();
          s.drops().forEach((reason, n) -> drops.put(reason.name(), n));
          return new SfuControl.Stats(
              s.packetsIn(), s.packetsOut(), s.bytesOut(), s.rtpForwarded(), drops, s.peers());
        });
    route(
        http,
        "/allocated",
        SfuControl.Empty.class,
        r -> new SfuControl.Allocated(allocatedBytes()));
    route(http, "/transit", SfuControl.Empty.class, r -> transitSinceLastCall());
    route(
        http,
        "/quit",
        SfuControl.Empty.class,
        r -> {
          quit.countDown();
          return null;
        });
  }

  private synchronized SfuControl.Transit transitSinceLastCall() {
    TransitTimes.Snapshot now = node.transitTimes();
    TransitTimes.Summary s = now.since(lastTransit);
    lastTransit = now;
    return new SfuControl.Transit(
        s.count(), s.p50Micros(), s.p99Micros(), s.p999Micros(), s.maxMicros());
  }

  private SfuControl.Offers takeOffers(long waitMillis) throws InterruptedException {
    List<SfuControl.Offer> taken = new ArrayList<>();
    SfuControl.Offer first = offers.poll(waitMillis, TimeUnit.MILLISECONDS);
    if (first != null) {
      taken.add(first);
      offers.drainTo(taken);
    }
    return new SfuControl.Offers(taken);
  }

  private long allocatedBytes() {
    if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads) {
      return threads.getThreadAllocatedBytes(loopThreadId);
    }
    return -1;
  }

  private static long threadId(String name) {
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().equals(name)) {
        return t.getId();
      }
    }
    throw new IllegalStateException("the media node has no thread named " + name);
  }
}
