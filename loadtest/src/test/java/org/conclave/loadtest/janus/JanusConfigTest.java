package org.conclave.loadtest.janus;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The configuration the benchmark writes for Janus, without Janus. */
class JanusConfigTest {

  private static final JanusConfig.Modules DEBIAN_MODULES =
      new JanusConfig.Modules(
          List.of("libjanus_echotest.so", "libjanus_videoroom.so", "libjanus_streaming.so"),
          List.of("libjanus_websockets.so", "libjanus_http.so", "libjanus_pfunix.so"),
          List.of("libjanus_jsonlog.so"),
          List.of("libjanus_sampleevh.so", "libjanus_wsevh.so"));

  private static Map<String, String> files() {
    return JanusConfig.files(
        Path.of("/tmp/conf"), Path.of("/usr/lib/janus"), DEBIAN_MODULES, 18088, 2);
  }

  @Test
  void janusGathersOnlyOnJanus0AsAnIceLiteAgentWithoutStunOrNat() {
    String core = files().get("janus.jcfg");

    assertThat(core)
        .contains("ice_enforce_list = \"janus0\"")
        .contains("ice_lite = true")
        .contains("ipv6 = false")
        .contains("ignore_mdns = true")
        .contains("interface = \"127.0.0.2\"")
        .doesNotContain("stun_server")
        .doesNotContain("turn_server")
        .doesNotContain("nat_1_1_mapping");
  }

  @Test
  void everyModuleButTheVideoRoomAndTheHttpTransportIsDisabled() {
    String core = files().get("janus.jcfg");

    assertThat(core)
        .contains("disable = \"libjanus_echotest.so,libjanus_streaming.so\"")
        .contains("disable = \"libjanus_pfunix.so,libjanus_websockets.so\"")
        .contains("disable = \"libjanus_jsonlog.so\"")
        .contains("disable = \"libjanus_sampleevh.so,libjanus_wsevh.so\"")
        .contains("broadcast = false");
  }

  @Test
  void theHttpApiListensOnLoopbackOnlyOnTheGivenPortWithoutTheAdminApi() {
    String http = files().get("janus.transport.http.jcfg");

    assertThat(http)
        .contains("port = 18088")
        .contains("ip = \"127.0.0.1\"")
        .contains("https = false")
        .contains("admin_http = false");
  }

  @Test
  void loggingIsAtTheGivenLevelAndModulesComeFromTheGivenFolder() {
    String core = files().get("janus.jcfg");

    assertThat(core)
        .contains("debug_level = 2")
        .contains("configs_folder = \"/tmp/conf\"")
        .contains("plugins_folder = \"/usr/lib/janus/plugins\"");
  }
}
