package org.conclave.loadtest.media;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.conclave.media.MediaPermissions;
import org.conclave.media.TrackSource;
import org.conclave.media.client.ClientPeer;
import org.conclave.media.client.PublishOffer;
import org.conclave.media.client.ReceivedRtp;
import org.conclave.media.client.Source;
import tools.jackson.databind.json.JsonMapper;

/**
 * Our SFU as the benchmark's {@link SfuUnderTest}: {@link SfuProcess} in a JVM of its own, pinned
 * to one core with {@code taskset -c <core>} (core 1 unless {@code -Dconclave.bench.sfu-core=N}; no
 * pinning where taskset or that core is missing), driven over its control API on 127.0.0.1. This
 * object plays the signaling server for its subscribers: a thread takes the node's subscribe offers
 * and answers them with the right {@link ClientPeer}.
 */
public final class ConclaveSfu implements SfuUnderTest {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final MediaPermissions SUBSCRIBE_ONLY = MediaPermissions.NONE;

  private final JsonMapper json = JsonMapper.builder().build();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(WAIT).build();
  private final Process process;
  private final Path log;
  private final URI control;
  private final Thread signaling;
  private final List<ClientPeer> peers = new ArrayList<>();
  private final Set<String> participants = new HashSet<>(); // "room/peer" added to the node
  private final Map<String, Integer> tracksInRoom = new HashMap<>(); // "room" -> published tracks
  private final Map<String, Integer> tracksOf = new HashMap<>(); // "room/peer" -> its tracks
  private final Map<String, Subscriber> subscribers = new LinkedHashMap<>(); // "room/peer"
  private final Map<String, ArrayDeque<SfuControl.Offer>> early = new HashMap<>(); // no peer yet
  private volatile boolean running = true;

  /** One subscribe connection and the number of tracks in the last offer it answered. */
  private static final class Subscriber {
    final ClientPeer peer;
    int answeredTracks = -1; // guarded by ConclaveSfu.this
    String failure; // guarded by ConclaveSfu.this

    Subscriber(ClientPeer peer) {
      this.peer = peer;
    }
  }

  private ConclaveSfu(Process process, Path log, int controlPort) {
    this.process = process;
    this.log = log;
    this.control = URI.create("http://127.0.0.1:" + controlPort);
    this.signaling = new Thread(this::takeOffers, "conclave-bench-signaling");
    signaling.setDaemon(true);
    signaling.start();
  }

  /**
   * Starts {@link SfuProcess} and waits until it listens.
   *
   * @throws IOException when it cannot be started or does not say READY in time; its log says why
   */
  public static ConclaveSfu start() throws IOException {
    Path log = Files.createTempFile("conclave-bench-sfu-", ".log");
    List<String> command =
        new ArrayList<>(pinning(Integer.getInteger("conclave.bench.sfu-core", 1)));
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xms256m");
    command.add("-Xmx512m");
    command.add("-XX:+ExitOnOutOfMemoryError");
    // A profile of the SFU (docs/benchmarks.md, "Goals"): -Dconclave.bench.sfu-jfr=<file>.
    String jfr = System.getProperty("conclave.bench.sfu-jfr");
    if (jfr != null) {
      command.add("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile,dumponexit=true");
    }
    command.add("-cp");
    command.add(classPath());
    command.add(SfuProcess.class.getName());
    Process p =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.to(log.toFile())).start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    // SfuProcess prints READY first, or dies; the JVM itself may print before it (JFR's start).
    String line = out.readLine();
    for (int i = 0; i < 20 && line != null && !line.startsWith("READY "); i++) {
      line = out.readLine();
    }
    if (line == null || !line.startsWith("READY ")) {
      p.destroyForcibly();
      throw new IOException(
          "the SFU process did not start (" + line + "); its log: " + Files.readString(log));
    }
    Thread drain =
        new Thread(
            () -> {
              try {
                while (out.readLine() != null) {
                  // Nothing else is printed on standard output; keep the pipe from filling.
                }
              } catch (IOException e) {
                // The process ended.
              }
            },
            "conclave-bench-sfu-out");
    drain.setDaemon(true);
    drain.start();
    return new ConclaveSfu(p, log, Integer.parseInt(line.split(" ")[1]));
  }

  /** {@code taskset -c core} when taskset exists and the machine has that core; else nothing. */
  static List<String> pinning(int core) {
    boolean hasCore = core >= 0 && core < Runtime.getRuntime().availableProcessors();
    // A JVM pinned to one core sees one processor: then ask the OS how many there are.
    if (!hasCore) {
      try {
        hasCore =
            Files.exists(Path.of("/sys/devices/system/cpu/cpu" + core + "/online"))
                || Files.exists(Path.of("/sys/devices/system/cpu/cpu" + core));
      } catch (RuntimeException e) {
        hasCore = false;
      }
    }
    if (hasCore && Files.isExecutable(Path.of("/usr/bin/taskset"))) {
      return List.of("/usr/bin/taskset", "-c", String.valueOf(core));
    }
    return List.of();
  }

  /**
   * The benchmark's own class path: exec:java runs it in a URLClassLoader inside Maven's JVM, where
   * {@code java.class.path} is Maven's; Surefire and a plain {@code java -cp} set the property.
   */
  private static String classPath() {
    String explicit = System.getProperty("conclave.bench.classpath");
    if (explicit != null) {
      return explicit;
    }
    ClassLoader loader = ConclaveSfu.class.getClassLoader();
    if (loader instanceof URLClassLoader urls) {
      List<String> parts = new ArrayList<>();
      for (URL u : urls.getURLs()) {
        try {
          parts.add(Path.of(u.toURI()).toString());
        } catch (Exception e) {
          throw new IllegalStateException("class path entry " + u, e);
        }
      }
      return String.join(File.pathSeparator, parts);
    }
    return System.getProperty("java.class.path");
  }

  // ------------------------------------------------------------------ SfuUnderTest

  @Override
  public String name() {
    return "conclave";
  }

  @Override
  public long pid() {
    // taskset execs java in its own process, so the child's pid is the JVM's.
    return process.pid();
  }

  @Override
  public void openRoom(String room) throws Exception {
    call("/room", new SfuControl.OpenRoom(room), SfuControl.Empty.class);
  }

  @Override
  public Publisher publish(String room, String participant, List<Source> sources) throws Exception {
    boolean mic = sources.stream().anyMatch(s -> s.source() == TrackSource.MICROPHONE);
    boolean camera = sources.stream().anyMatch(s -> s.source() == TrackSource.CAMERA);
    boolean screen = sources.stream().anyMatch(s -> s.source() == TrackSource.SCREEN);
    call(
        "/peer",
        new SfuControl.AddPeer(room, participant, mic, camera, screen),
        SfuControl.Empty.class);
    String key = room + "/" + participant;
    synchronized (this) {
      participants.add(key);
    }
    ClientPeer peer = newPeer(participant + "-pub");
    PublishOffer offer = peer.publishOffer(sources);
    SfuControl.Sdp answer =
        call(
            "/publish",
            new SfuControl.Publish(room, participant, offer.sdp(), offer.sources()),
            SfuControl.Sdp.class);
    peer.applyAnswer(answer.sdp());
    peer.connect();
    connected(peer);
    // Tracks, not sources: the node offers a simulcast camera's encodings as one track.
    int tracks = offer.sources().size();
    synchronized (this) {
      tracksInRoom.merge(room, tracks, Integer::sum);
      tracksOf.merge(key, tracks, Integer::sum);
    }
    return new Publisher(participant, peer, sources);
  }

  @Override
  public ClientPeer subscribe(String room, String participant, Consumer<ReceivedRtp> onRtp)
      throws Exception {
    String key = room + "/" + participant;
    boolean known;
    synchronized (this) {
      known = participants.contains(key);
    }
    if (!known) {
      call(
          "/peer",
          new SfuControl.AddPeer(
              room,
              participant,
              SUBSCRIBE_ONLY.microphone(),
              SUBSCRIBE_ONLY.camera(),
              SUBSCRIBE_ONLY.screen()),
          SfuControl.Empty.class);
    }
    ClientPeer peer = newPeer(participant + "-sub");
    peer.setRtpListener(onRtp);
    Subscriber sub = new Subscriber(peer);
    int expected;
    synchronized (this) {
      participants.add(key);
      subscribers.put(key, sub);
      expected = tracksInRoom.getOrDefault(room, 0) - tracksOf.getOrDefault(key, 0);
      ArrayDeque<SfuControl.Offer> waiting = early.remove(key);
      while (waiting != null && !waiting.isEmpty()) {
        answer(sub, waiting.poll());
      }
    }
    // Every publisher now in the room: wait for an answered offer that carries all their tracks
    // (last-N may hold back cameras beyond the first 25, which no scenario reaches).
    long deadline = System.nanoTime() + WAIT.toNanos();
    synchronized (this) {
      while (sub.failure == null && sub.answeredTracks < expected) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new IllegalStateException(
              participant + " was offered " + sub.answeredTracks + " of " + expected + " tracks");
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
      if (sub.failure != null) {
        throw new IllegalStateException(participant + ": " + sub.failure);
      }
    }
    connected(peer);
    return peer;
  }

  /** Waits until {@code peer} is connected; if it does not, says what the node saw. */
  private void connected(ClientPeer peer) {
    try {
      peer.awaitConnected(WAIT);
    } catch (IllegalStateException e) {
      String node;
      try {
        node = stats().toString();
      } catch (IOException | RuntimeException f) {
        node = "node stats unavailable: " + f.getMessage();
      }
      throw new IllegalStateException(
          e.getMessage()
              + "; its counters "
              + peer.counters()
              + ", ufrags "
              + peer.localUfrag()
              + "/"
              + peer.remoteUfrag()
              + "; the node: "
              + node,
          e);
    }
  }

  @Override
  public long allocatedBytes() {
    try {
      return call("/allocated", new SfuControl.Empty(), SfuControl.Allocated.class).bytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public SfuControl.Transit transitSinceLastCall() {
    try {
      return call("/transit", new SfuControl.Empty(), SfuControl.Transit.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The node's own counters (for cross-checks; each read is a task on its forwarding thread). */
  public SfuControl.Stats stats() throws IOException {
    return call("/stats", new SfuControl.Empty(), SfuControl.Stats.class);
  }

  @Override
  public void close() {
    running = false;
    List<ClientPeer> all;
    synchronized (this) {
      all = List.copyOf(peers);
    }
    all.forEach(ClientPeer::close);
    try {
      call("/quit", new SfuControl.Empty(), SfuControl.Empty.class);
    } catch (IOException | RuntimeException e) {
      // It is being stopped anyway.
    }
    try {
      process.getOutputStream().close(); // SfuProcess also stops when its input ends
      // Writing a flight recording at exit takes a while on a busy machine.
      long wait = System.getProperty("conclave.bench.sfu-jfr") == null ? 5 : 30;
      if (!process.waitFor(wait, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    signaling.interrupt();
  }

  /** The SFU process's standard error (its log), for messages when something failed. */
  public Path log() {
    return log;
  }

  // ------------------------------------------------------------------ signaling

  private synchronized ClientPeer newPeer(String label) {
    ClientPeer p = new ClientPeer(SfuUnderTest.clientOptions(label));
    peers.add(p);
    return p;
  }

  /** The signaling thread: long-polls the node's subscribe offers and answers each in order. */
  private void takeOffers() {
    while (running) {
      SfuControl.Offers batch;
      try {
        batch = call("/offers", new SfuControl.TakeOffers(500), SfuControl.Offers.class);
      } catch (IOException | RuntimeException e) {
        if (running && process.isAlive()) {
          sleep(100);
          continue;
        }
        return;
      }
      synchronized (this) {
        for (SfuControl.Offer o : batch.offers()) {
          String key = o.room() + "/" + o.peer();
          Subscriber sub = subscribers.get(key);
          if (sub == null) {
            early.computeIfAbsent(key, k -> new ArrayDeque<>()).add(o);
          } else {
            answer(sub, o);
          }
        }
      }
    }
  }

  /** Answers one offer for {@code sub}; called holding this object's lock. */
  private void answer(Subscriber sub, SfuControl.Offer offer) {
    try {
      String answer = sub.peer.answerSubscribeOffer(offer.sdp());
      call(
          "/answer",
          new SfuControl.Answer(offer.room(), offer.peer(), answer),
          SfuControl.Empty.class);
      sub.peer.connect();
      sub.answeredTracks = offer.tracks();
    } catch (IOException | RuntimeException e) {
      sub.failure = "answering the subscribe offer failed: " + e.getMessage();
    }
    notifyAll();
  }

  private <T> T call(String path, Object request, Class<T> reply) throws IOException {
    HttpRequest r =
        HttpRequest.newBuilder(control.resolve(path))
            .timeout(WAIT)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(request)))
            .build();
    HttpResponse<byte[]> response;
    try {
      response = http.send(r, HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    if (response.statusCode() != 200) {
      SfuControl.Failure f = json.readValue(response.body(), SfuControl.Failure.class);
      throw new IOException(path + " failed: " + f.error());
    }
    return json.readValue(response.body(), reply);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
