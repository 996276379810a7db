package org.conclave.server.media;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.conclave.media.MediaNode;
import org.conclave.media.sfu.SfuNode;
import org.conclave.media.transport.TransportSettings;
import org.conclave.server.config.ConclaveProperties;
import org.conclave.server.config.UnsafeConfigurationException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnNotWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Starts the media server (our SFU, {@code media/}) in this process and hands the rest of the
 * application its {@link MediaNode}. The media port is bound at start-up, so a port in use stops
 * the server with a sentence saying which setting to change. Nothing here discovers addresses or
 * calls out: candidates carry only the configured announced addresses.
 */
@Configuration
class MediaConfiguration {

  @Bean(destroyMethod = "close")
  @ConditionalOnWebApplication
  MediaNode mediaNode(ConclaveProperties properties) {
    SfuNode node = new SfuNode(settings(properties.media()));
    node.setLastN(properties.media().lastN());
    return node;
  }

  /** The media node's counters on the Prometheus endpoint; the command line serves none. */
  @Bean
  @ConditionalOnWebApplication
  MediaMetrics mediaMetrics(MediaNode mediaNode) {
    return new MediaMetrics(mediaNode, System::nanoTime);
  }

  /**
   * The command line ({@code ./conclave admin ...}) runs beside a live server and must not take its
   * media port: there, rooms get a node that holds no media and opens no socket.
   */
  @Bean
  @ConditionalOnNotWebApplication
  MediaNode commandLineMediaNode() {
    return new CommandLineMediaNode();
  }

  static TransportSettings settings(ConclaveProperties.Media media) {
    List<InetAddress> announced = new ArrayList<>();
    for (String a : media.announcedAddresses()) {
      announced.add(literal(a.strip(), "conclave.media.announced-addresses"));
    }
    InetAddress bind;
    if (media.bindAddress() != null && !media.bindAddress().isBlank()) {
      bind = literal(media.bindAddress().strip(), "conclave.media.bind-address");
    } else if (announced.stream().allMatch(InetAddress::isLoopbackAddress)) {
      bind = InetAddress.getLoopbackAddress();
    } else {
      bind = literal("0.0.0.0", "conclave.media.bind-address");
    }
    return new TransportSettings(
        bind, media.port(), announced, media.tcp(), media.consentTimeout(), 256, media.maxPeers());
  }

  /** An IP address literal only: host names would need DNS at start-up and could change. */
  private static InetAddress literal(String text, String key) {
    String t =
        text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
    boolean looksLiteral = t.matches("[0-9.]+") || t.contains(":");
    if (!looksLiteral) {
      throw new UnsafeConfigurationException(
          key + " has '" + text + "', which is not an IP address: write the address itself.");
    }
    try {
      return InetAddress.getByName(t);
    } catch (UnknownHostException e) {
      throw new UnsafeConfigurationException(
          key + " has '" + text + "', which is not an IP address: write the address itself.");
    }
  }
}
