package org.conclave.loadtest.janus;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.SocketException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.conclave.loadtest.janus.JanusMessages.CreateRoom;
import org.conclave.loadtest.janus.JanusMessages.JoinAndConfigure;
import org.conclave.loadtest.janus.JanusMessages.JoinSubscriber;
import org.conclave.loadtest.janus.JanusMessages.Jsep;
import org.conclave.loadtest.janus.JanusMessages.Response;
import org.conclave.loadtest.janus.JanusMessages.Start;
import org.conclave.loadtest.media.SfuUnderTest;
import org.conclave.media.client.ClientPeer;
import org.conclave.media.client.PublishOffer;
import org.conclave.media.client.ReceivedRtp;
import org.conclave.media.client.Source;

/**
 * Janus (the Debian package's {@code /usr/bin/janus}, 1.1.2) with its VideoRoom plugin as the SFU
 * the media scenarios compare ours with. {@link #start} writes Janus's configuration into a
 * temporary folder ({@link JanusConfig}), starts {@code taskset -c 1 janus -C ... -F ...} and waits
 * until its HTTP API answers; {@link #close} stops it and removes the folder.
 *
 * <p>Janus needs a non-loopback interface holding a loopback address, {@code janus0} with 127.0.0.2
 * (it never gathers candidates on {@code lo}): run inside {@code loadtest/janus-namespace.sh},
 * which makes one in a private network namespace. Without it {@link #start} refuses, since Janus
 * would otherwise offer the machine's real addresses. The peers made here bind 127.0.0.2 as well:
 * Janus sends only out of janus0 (libnice's IP_UNICAST_IF).
 *
 * <p>For looking into Janus: {@code -Dconclave.janus.debugLevel=4} (default 2, errors only) and
 * {@code -Dconclave.janus.keepLog=true}, which keeps the temporary folder with its log and prints
 * where it is.
 *
 * <p>Each room is a VideoRoom room with no bitrate cap; each publisher and each subscriber is a
 * {@link ClientPeer} with a plugin handle of its own in one Janus session ({@link JanusApi}). One
 * thread at a time calls the {@link SfuUnderTest} methods (the scenario's); later offers from Janus
 * to a subscriber are answered on a thread of this object's.
 */
public final class JanusSfu implements SfuUnderTest {

  /** The Debian package's executable. */
  public static final Path EXECUTABLE = Path.of("/usr/bin/janus");

  private static final String VIDEOROOM = "janus.plugin.videoroom";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final int CPU = 1;
  private static final int DEBUG_LEVEL = Integer.getInteger("conclave.janus.debugLevel", 2);
  private static final int MAX_PUBLISHERS_PER_ROOM = 1000;

  private record Feed(String participant, long id) {}

  private record Room(long id, List<Feed> publishers) {}

  private final Process process;
  private final Path folder;
  private final JanusApi api;
  private final Map<String, Room> rooms = new LinkedHashMap<>();
  private final List<ClientPeer> peers = new ArrayList<>();
  private final Map<Long, CompletableFuture<Void>> webrtcUp = new LinkedHashMap<>();
  private final ExecutorService renegotiation =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "janus-renegotiation");
            t.setDaemon(true);
            return t;
          });
  private long nextRoomId = 1;
  // A benchmark stopped with Ctrl-C must not leave Janus running (nor its network namespace).
  private final Thread stopOnExit = new Thread(this::stopProcess, "janus-stop");

  private JanusSfu(Process process, Path folder, JanusApi api) {
    this.process = process;
    this.folder = folder;
    this.api = api;
    Runtime.getRuntime().addShutdownHook(stopOnExit);
  }

  /**
   * Starts Janus with the benchmark's configuration and opens an API session.
   *
   * @throws IllegalStateException when Janus is not installed, there is no {@code janus0}, or Janus
   *     did not answer in time (with the end of its log)
   */
  public static JanusSfu start() throws IOException, InterruptedException {
    if (!Files.isExecutable(EXECUTABLE)) {
      throw new IllegalStateException(EXECUTABLE + " is missing: apt-get install janus");
    }
    Optional<String> network = networkProblem();
    if (network.isPresent()) {
      throw new IllegalStateException(network.get());
    }
    Path folder = Files.createTempDirectory("conclave-janus-");
    Process process = null;
    try {
      int port = freePort();
      Path config = JanusConfig.write(folder, JanusConfig.MODULES, port, DEBUG_LEVEL);
      Path log = folder.resolve("janus.log");
      process =
          new ProcessBuilder(
                  "taskset",
                  "-c",
                  String.valueOf(CPU),
                  EXECUTABLE.toString(),
                  "-C",
                  config.toString(),
                  "-F",
                  folder.toString(),
                  "--disable-colors")
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      URI base = URI.create("http://127.0.0.1:" + port + "/janus");
      long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
      while (!JanusApi.answers(base)) {
        if (!process.isAlive() || System.nanoTime() - deadline > 0) {
          throw new IllegalStateException(
              "Janus did not start in " + START_TIMEOUT + "; its log ends:\n" + tail(log));
        }
        Thread.sleep(50);
      }
      return new JanusSfu(process, folder, new JanusApi(base));
    } catch (IOException | RuntimeException | InterruptedException e) {
      if (process != null) {
        stop(process);
      }
      deleteQuietly(folder);
      throw e;
    }
  }

  @Override
  public String name() {
    return "janus";
  }

  /** The janus process itself: taskset executes it in its own place. */
  @Override
  public long pid() {
    return process.pid();
  }

  @Override
  public void openRoom(String room) throws Exception {
    if (rooms.containsKey(room)) {
      return;
    }
    long id = nextRoomId++;
    long handle = api.attach(VIDEOROOM);
    Response r = api.request(handle, CreateRoom.of(id, room, MAX_PUBLISHERS_PER_ROOM), null);
    expect(r, "created", "create room " + room);
    rooms.put(room, new Room(id, new ArrayList<>()));
  }

  @Override
  public Publisher publish(String room, String participant, List<Source> sources) throws Exception {
    Room r = room(room);
    ClientPeer peer = peer(participant + "-publish");
    long handle = handle();
    PublishOffer offer = peer.publishOffer(sources);
    Response joined =
        api.request(
            handle,
            JoinAndConfigure.publisher(r.id(), participant),
            Jsep.offerLowestFirst(offer.sdp()));
    expect(joined, "joined", participant + " publishing in " + room);
    peer.applyAnswer(answerOf(joined, participant));
    peer.connect();
    awaitUp(peer, handle);
    r.publishers().add(new Feed(participant, joined.plugindata().data().id()));
    return new Publisher(participant, peer, sources);
  }

  @Override
  public ClientPeer subscribe(String room, String participant, Consumer<ReceivedRtp> onRtp)
      throws Exception {
    Room r = room(room);
    List<Long> feeds =
        r.publishers().stream()
            .filter(f -> !f.participant().equals(participant))
            .map(Feed::id)
            .toList();
    if (feeds.isEmpty()) {
      throw new IllegalStateException("nobody but " + participant + " publishes in " + room);
    }
    ClientPeer peer = peer(participant + "-subscribe");
    peer.setRtpListener(onRtp);
    long handle = handle();
    Response attached = api.request(handle, JoinSubscriber.of(r.id(), feeds), null);
    expect(attached, "attached", participant + " subscribing in " + room);
    String answer = peer.answerSubscribeOffer(offerOf(attached, participant));
    expect(
        api.request(handle, Start.START, new Jsep("answer", answer, false)),
        "event",
        participant + " starting");
    api.onEvent(handle, event -> onSubscriberEvent(handle, peer, event));
    peer.connect();
    awaitUp(peer, handle);
    return peer;
  }

  @Override
  public long allocatedBytes() {
    return -1;
  }

  /** Closes every peer, ends the API session, stops Janus and removes its folder. */
  @Override
  public void close() {
    for (ClientPeer p : peers) {
      p.close();
    }
    api.close();
    renegotiation.shutdownNow();
    stopProcess();
    try {
      Runtime.getRuntime().removeShutdownHook(stopOnExit);
    } catch (IllegalStateException e) {
      // The JVM is exiting: the hook runs (or ran) anyway.
    }
    if (Boolean.getBoolean("conclave.janus.keepLog")) {
      System.err.println("janus: its configuration and log are in " + folder);
    } else {
      deleteQuietly(folder);
    }
  }

  // ------------------------------------------------------------------ helpers

  /**
   * A peer bound to {@link JanusConfig#ICE_ADDRESS}: libnice pins Janus's sockets to their
   * interface (IP_UNICAST_IF), so Janus reaches only addresses on janus0, not 127.0.0.1 on lo.
   */
  private ClientPeer peer(String label) throws IOException {
    ClientPeer p =
        new ClientPeer(
            SfuUnderTest.clientOptions(label)
                .withBindAddress(InetAddress.getByName(JanusConfig.ICE_ADDRESS)));
    peers.add(p);
    return p;
  }

  /** A new VideoRoom handle whose webrtcup (Janus's side of DTLS done) is awaited later. */
  private long handle() throws IOException, InterruptedException {
    long handle = api.attach(VIDEOROOM);
    CompletableFuture<Void> up = new CompletableFuture<>();
    synchronized (webrtcUp) {
      webrtcUp.put(handle, up);
    }
    api.onEvent(handle, event -> onHandleEvent(handle, event));
    return handle;
  }

  private void onHandleEvent(long handle, Response event) {
    CompletableFuture<Void> up;
    synchronized (webrtcUp) {
      up = webrtcUp.get(handle);
    }
    if (up == null) {
      return;
    }
    switch (event.janus()) {
      case "webrtcup" -> up.complete(null);
      case "hangup", "detached" ->
          up.completeExceptionally(new IllegalStateException("Janus hung up: " + event.reason()));
      default -> {
        // media, slowlink and plugin events: nothing to wait for
      }
    }
  }

  /** A subscriber's events after it started: a new offer (publishers came or went) is answered. */
  private void onSubscriberEvent(long handle, ClientPeer peer, Response event) {
    onHandleEvent(handle, event);
    Jsep jsep = event.jsep();
    if (jsep == null || !"offer".equals(jsep.type())) {
      return;
    }
    try {
      renegotiation.execute(
          () -> {
            try {
              String answer = peer.answerSubscribeOffer(jsep.sdp());
              api.request(handle, Start.START, new Jsep("answer", answer, false));
            } catch (IOException | RuntimeException e) {
              System.err.println("janus: a subscriber's renegotiation failed: " + e);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // Closing: the offer came as the rooms were being left; nobody needs the answer.
    }
  }

  private void awaitUp(ClientPeer peer, long handle) throws Exception {
    try {
      peer.awaitConnected(CONNECT_TIMEOUT);
    } catch (IllegalStateException e) {
      throw new IllegalStateException(e.getMessage() + " " + peer.counters(), e);
    }
    CompletableFuture<Void> up;
    synchronized (webrtcUp) {
      up = webrtcUp.get(handle);
    }
    try {
      up.get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException("Janus did not report webrtcup for " + peer, e);
    } finally {
      synchronized (webrtcUp) {
        webrtcUp.remove(handle);
      }
    }
  }

  private Room room(String room) {
    Room r = rooms.get(room);
    if (r == null) {
      throw new IllegalStateException("open room " + room + " first");
    }
    return r;
  }

  private static void expect(Response r, String videoroom, String what) throws IOException {
    JanusMessages.VideoRoom data = r.plugindata() == null ? null : r.plugindata().data();
    if (data == null || !videoroom.equals(data.videoroom())) {
      throw new IOException(
          "Janus refused "
              + what
              + ": "
              + (data == null ? r : data.errorCode() + " " + data.error()));
    }
  }

  private static String answerOf(Response r, String who) throws IOException {
    if (r.jsep() == null || !"answer".equals(r.jsep().type())) {
      throw new IOException("Janus sent no answer to " + who + "'s offer: " + r);
    }
    return r.jsep().sdp();
  }

  private static String offerOf(Response r, String who) throws IOException {
    if (r.jsep() == null || !"offer".equals(r.jsep().type())) {
      throw new IOException("Janus sent no offer to subscriber " + who + ": " + r);
    }
    return r.jsep().sdp();
  }

  /**
   * Why Janus may not start here, or empty: there must be an up, non-loopback interface {@value
   * JanusConfig#ICE_INTERFACE} whose IPv4 addresses are all loopback addresses.
   */
  static Optional<String> networkProblem() {
    String hint =
        " (run inside loadtest/janus-namespace.sh"
            + Optional.ofNullable(System.getenv("CONCLAVE_JANUS_NAMESPACE_PROBLEM"))
                .map(p -> ", which failed here: " + p)
                .orElse("")
            + ")";
    try {
      NetworkInterface i = NetworkInterface.getByName(JanusConfig.ICE_INTERFACE);
      if (i == null || !i.isUp() || i.isLoopback()) {
        return Optional.of(
            "no interface "
                + JanusConfig.ICE_INTERFACE
                + " with "
                + JanusConfig.ICE_ADDRESS
                + ": Janus gathers no candidates on lo and would use the machine's addresses"
                + hint);
      }
      for (InterfaceAddress a : i.getInterfaceAddresses()) {
        InetAddress address = a.getAddress();
        if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
          return Optional.of(
              JanusConfig.ICE_INTERFACE + " holds " + address + ", not a loopback address" + hint);
        }
      }
      return Optional.empty();
    } catch (SocketException e) {
      return Optional.of("cannot list the network interfaces: " + e.getMessage());
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private void stopProcess() {
    stop(process);
  }

  private static void stop(Process process) {
    process.destroy(); // SIGTERM: Janus closes its sessions and exits
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static void deleteQuietly(Path folder) {
    try (Stream<Path> all = Files.walk(folder)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A temporary folder left behind is harmless.
    }
  }
}
