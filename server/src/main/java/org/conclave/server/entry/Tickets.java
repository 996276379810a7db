package org.conclave.server.entry;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import org.conclave.server.common.Secrets;
import org.conclave.server.room.EntryPass;
import org.springframework.stereotype.Component;

/**
 * Entry tickets: what {@code POST /api/v1/join} hands the browser to open its signaling connection
 * with. A ticket is 256 random bits, kept only as its SHA-256, valid for {@value #LIFETIME_SECONDS}
 * seconds by the application's clock and for one use. Thread-safe.
 */
@Component
public class Tickets {

  static final int LIFETIME_SECONDS = 60;

  private final Cache<String, EntryPass> passes;

  Tickets(InstantSource clock) {
    this.passes =
        Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofSeconds(LIFETIME_SECONDS))
            .ticker(() -> clock.millis() * 1_000_000L)
            .maximumSize(200_000)
            .build();
  }

  /** A new ticket for this pass. */
  String issue(EntryPass pass) {
    String ticket = Secrets.token();
    passes.put(Secrets.sha256Hex(ticket), pass);
    return ticket;
  }

  /** The pass a ticket stands for, once: the ticket is spent by this call. */
  public Optional<EntryPass> redeem(String ticket) {
    if (ticket == null || ticket.length() > 128) {
      return Optional.empty();
    }
    return Optional.ofNullable(passes.asMap().remove(Secrets.sha256Hex(ticket)));
  }
}
