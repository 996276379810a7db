package org.conclave.server.signaling;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.conclave.server.common.ClientAddress;
import org.conclave.server.config.ConclaveProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/**
 * The signaling endpoint {@code /ws}. Browsers always send {@code Origin} with a WebSocket
 * handshake; it must be this server's public address or the address the request was made to (same
 * origin), so no other site's page can open a socket with our visitors' cookies. The container
 * closes sockets silent for longer than the heartbeat timeout and frames larger than four times the
 * frame limit (smaller oversized frames get an {@code error} frame instead).
 */
@Configuration
@EnableWebSocket
class SignalingConfig implements WebSocketConfigurer {

  private final SignalingHandler handler;
  private final ConclaveProperties properties;

  SignalingConfig(SignalingHandler handler, ConclaveProperties properties) {
    this.handler = handler;
    this.properties = properties;
  }

  @Override
  public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
    registry
        .addHandler(handler, "/ws")
        .addInterceptors(new SameOrigin(properties.publicUrl()))
        .setAllowedOriginPatterns("*");
  }

  @Bean
  ServletServerContainerFactoryBean webSocketContainer() {
    ConclaveProperties.Signaling limits = properties.meetings().signaling();
    ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
    container.setMaxTextMessageBufferSize(limits.maxFrameBytes() * 4);
    container.setMaxBinaryMessageBufferSize(1024);
    container.setMaxSessionIdleTimeout(limits.heartbeatTimeout().toMillis());
    return container;
  }

  /** Refuses handshakes from other origins and remembers the client's address. */
  static final class SameOrigin implements HandshakeInterceptor {
    private final String publicOrigin;

    SameOrigin(String publicUrl) {
      this.publicOrigin = origin(publicUrl);
    }

    @Override
    public boolean beforeHandshake(
        ServerHttpRequest request,
        ServerHttpResponse response,
        WebSocketHandler wsHandler,
        Map<String, Object> attributes) {
      List<String> origins = request.getHeaders().getOrEmpty("Origin");
      String origin = origins.size() == 1 ? origin(origins.get(0)) : null;
      String own =
          request instanceof ServletServerHttpRequest s ? ownOrigin(s.getServletRequest()) : null;
      if (origin == null || !(origin.equals(publicOrigin) || origin.equals(own))) {
        response.setStatusCode(HttpStatus.FORBIDDEN);
        return false;
      }
      if (request instanceof ServletServerHttpRequest s) {
        attributes.put(SignalingHandler.ADDRESS, ClientAddress.of(s.getServletRequest()));
      }
      return true;
    }

    @Override
    public void afterHandshake(
        ServerHttpRequest request,
        ServerHttpResponse response,
        WebSocketHandler wsHandler,
        Exception exception) {}

    private static String ownOrigin(HttpServletRequest r) {
      String host = r.getHeader("Host");
      return host == null ? null : origin(r.getScheme() + "://" + host);
    }

    /** scheme://host[:port] in lower case, default ports left out; null when unreadable. */
    static String origin(String url) {
      try {
        URI u = URI.create(url.strip());
        if (u.getScheme() == null || u.getHost() == null) {
          return null;
        }
        String scheme = u.getScheme().toLowerCase();
        int port = u.getPort();
        boolean defaultPort =
            port == -1
                || scheme.equals("https") && port == 443
                || scheme.equals("http") && port == 80;
        return scheme + "://" + u.getHost().toLowerCase() + (defaultPort ? "" : ":" + port);
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
  }
}
