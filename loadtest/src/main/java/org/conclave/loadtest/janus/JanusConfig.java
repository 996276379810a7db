package org.conclave.loadtest.janus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The configuration the benchmark gives Janus (libconfig "jcfg" files in a folder of their own,
 * passed with {@code -C} and {@code -F}): what a fair, quiet, loopback-only comparison needs and
 * nothing else.
 *
 * <ul>
 *   <li>ICE only on {@link #ICE_INTERFACE} (127.0.0.2, see {@code loadtest/janus-namespace.sh}):
 *       {@code ice_enforce_list}, IPv4 only, no STUN or TURN server, no 1:1 NAT, no mDNS lookups;
 *   <li>{@code ice_lite = true}: Janus answers connectivity checks and our {@code ClientPeer} stays
 *       the controlling agent, as towards our node (which is ICE-lite too);
 *   <li>only the VideoRoom plugin and the HTTP transport, on 127.0.0.1 and a port of ours: every
 *       other plugin, transport, logger and event handler found in Janus's folders is disabled;
 *   <li>logging at {@code debugLevel} (2: errors only, so logging costs Janus nothing measurable).
 * </ul>
 *
 * Stateless; {@link #write} does file I/O only.
 */
final class JanusConfig {

  /** The only interface Janus gathers candidates on. */
  static final String ICE_INTERFACE = "janus0";

  /** Its address: loopback range, delivered by the kernel through lo. */
  static final String ICE_ADDRESS = "127.0.0.2";

  static final String VIDEOROOM = "libjanus_videoroom.so";
  static final String HTTP = "libjanus_http.so";

  /** Where the Debian package puts Janus's modules. */
  static final Path MODULES = Path.of("/usr/lib/x86_64-linux-gnu/janus");

  private JanusConfig() {}

  /** The module file names ({@code libjanus_*.so}) in each of Janus's module folders. */
  record Modules(
      List<String> plugins, List<String> transports, List<String> loggers, List<String> events) {

    /** Reads them from {@code modules}/plugins, /transports, /loggers and /events. */
    static Modules in(Path modules) throws IOException {
      return new Modules(
          names(modules.resolve("plugins")),
          names(modules.resolve("transports")),
          names(modules.resolve("loggers")),
          names(modules.resolve("events")));
    }

    private static List<String> names(Path folder) throws IOException {
      if (!Files.isDirectory(folder)) {
        return List.of();
      }
      try (Stream<Path> all = Files.list(folder)) {
        return all.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".so")).toList();
      }
    }
  }

  /**
   * The files, by name: janus.jcfg, janus.transport.http.jcfg, janus.plugin.videoroom.jcfg.
   *
   * @param folder where they will be (Janus reads the plugin and transport files from there)
   * @param modules Janus's module folder (plugins/, transports/, loggers/, events/ under it)
   * @param installed the file names of every module there, to disable all but ours
   */
  static Map<String, String> files(
      Path folder, Path modules, Modules installed, int httpPort, int debugLevel) {
    String core =
        """
        general: {
        	configs_folder = "%s"
        	plugins_folder = "%s"
        	transports_folder = "%s"
        	events_folder = "%s"
        	loggers_folder = "%s"
        	debug_level = %d
        	interface = "%s"
        	server_name = "conclave-bench"
        	session_timeout = 60
        	hide_dependencies = true
        }
        media: {
        	ipv6 = false
        }
        nat: {
        	ice_lite = true
        	ice_tcp = false
        	full_trickle = false
        	ice_enforce_list = "%s"
        	ignore_mdns = true
        	nice_debug = false
        }
        plugins: {
        	disable = "%s"
        }
        transports: {
        	disable = "%s"
        }
        loggers: {
        	disable = "%s"
        }
        events: {
        	broadcast = false
        	disable = "%s"
        }
        """
            .formatted(
                folder,
                modules.resolve("plugins"),
                modules.resolve("transports"),
                modules.resolve("events"),
                modules.resolve("loggers"),
                debugLevel,
                ICE_ADDRESS,
                ICE_INTERFACE,
                others(installed.plugins(), VIDEOROOM),
                others(installed.transports(), HTTP),
                others(installed.loggers(), null),
                others(installed.events(), null));
    String http =
        """
        general: {
        	json = "compact"
        	base_path = "/janus"
        	http = true
        	port = %d
        	ip = "127.0.0.1"
        	https = false
        }
        admin: {
        	admin_http = false
        	admin_https = false
        }
        """
            .formatted(httpPort);
    String videoroom =
        """
        general: {
        	string_ids = false
        }
        """;
    return Map.of(
        "janus.jcfg", core,
        "janus.transport.http.jcfg", http,
        "janus.plugin.videoroom.jcfg", videoroom);
  }

  /** Writes {@link #files} into {@code folder}, reading the module names from {@code modules}. */
  static Path write(Path folder, Path modules, int httpPort, int debugLevel) throws IOException {
    Modules installed = Modules.in(modules);
    for (Map.Entry<String, String> f :
        files(folder, modules, installed, httpPort, debugLevel).entrySet()) {
      Files.writeString(folder.resolve(f.getKey()), f.getValue());
    }
    return folder.resolve("janus.jcfg");
  }

  /** Every module of {@code installed} but {@code keep}, comma-separated, in a stable order. */
  private static String others(List<String> installed, String keep) {
    return installed.stream()
        .filter(n -> !n.equals(keep))
        .sorted()
        .distinct()
        .collect(Collectors.joining(","));
  }
}
