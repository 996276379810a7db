package org.conclave.server.room;

import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.conclave.media.MediaListener;
import org.conclave.media.MediaNode;
import org.conclave.server.audit.Actor;
import org.conclave.server.audit.AuditEvent;
import org.conclave.server.common.Secrets;
import org.conclave.server.config.ConclaveProperties;
import org.conclave.server.media.TurnCredentials;
import org.conclave.server.meeting.Meeting;
import org.conclave.server.meeting.MeetingEvents;
import org.conclave.server.meeting.Meetings;
import org.conclave.server.protocol.ClientMessage;
import org.conclave.server.protocol.ErrorCode;
import org.conclave.server.protocol.RoomEnums.Refusal;
import org.conclave.server.protocol.ServerMessage;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The single-node {@link RoomRouter}: live rooms in memory, each on its own serial executor over
 * one shared pool. A room is made when its first person arrives and let go when its last one
 * leaves. A one-second ticker forgets people whose connection has been gone longer than the resume
 * window.
 */
@Component
public class LocalRoomRouter implements RoomRouter {

  private final Map<Long, Room> rooms = new ConcurrentHashMap<>();
  private final Map<RoomConnection, Room> connections = new ConcurrentHashMap<>();
  private final Map<String, Room> resumeTokens = new ConcurrentHashMap<>();
  private final Meetings meetings;
  private final ExecutorService pool;
  private final ScheduledExecutorService ticker;
  private final Room.Services services;
  private final MediaNode media;
  private final Map<String, Room> mediaRooms = new ConcurrentHashMap<>();

  LocalRoomRouter(
      Meetings meetings,
      RoomAudit audit,
      InstantSource clock,
      ConclaveProperties properties,
      MediaNode media,
      TurnCredentials turn) {
    this.meetings = meetings;
    this.media = media;
    AtomicInteger n = new AtomicInteger();
    this.pool =
        Executors.newFixedThreadPool(
            Math.max(2, Runtime.getRuntime().availableProcessors()),
            r -> daemon(r, "conclave-room-" + n.incrementAndGet()));
    this.ticker =
        Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "conclave-room-ticker"));
    ConclaveProperties.Signaling limits = properties.meetings().signaling();
    this.services =
        new Room.Services() {
          @Override
          public RoomAudit audit() {
            return audit;
          }

          @Override
          public InstantSource clock() {
            return clock;
          }

          @Override
          public Duration resumeWindow() {
            return limits.resumeWindow();
          }

          @Override
          public int chatPerMinute() {
            return limits.chatPerMinute();
          }

          @Override
          public void tokenIssued(String hash, Room room) {
            resumeTokens.put(hash, room);
          }

          @Override
          public void tokenRetired(String hash) {
            resumeTokens.remove(hash);
          }

          @Override
          public void roomEmpty(Room room) {
            room.closed = true;
            rooms.remove(room.meetingId, room);
            mediaRooms.remove(room.mediaRoomId, room);
            media.closeRoom(room.mediaRoomId);
          }

          @Override
          public MediaNode media() {
            return media;
          }

          @Override
          public Optional<ServerMessage.IceServers> iceServers(String participantId) {
            return turn.mint(participantId);
          }
        };
    media.setListener(new MediaEvents());
    ticker.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  @Override
  public void enter(EntryPass pass, RoomConnection connection) {
    Room room = room(pass.meetingId());
    if (room == null) {
      connection.send(new ServerMessage.Refused(Refusal.ENDED));
      connection.close("meeting gone");
      return;
    }
    connections.put(connection, room);
    room.executor.execute(
        () -> {
          if (room.closed) {
            enter(pass, connection);
          } else {
            room.enter(pass, connection);
          }
        });
  }

  @Override
  public boolean resume(String token, RoomConnection connection) {
    String hash = Secrets.sha256Hex(token);
    Room room = resumeTokens.get(hash);
    if (room == null) {
      return false;
    }
    connections.put(connection, room);
    room.executor.execute(() -> room.resume(hash, connection));
    return true;
  }

  @Override
  public void command(RoomConnection connection, ClientMessage message) {
    Room room = connections.get(connection);
    if (room == null) {
      connection.send(
          new ServerMessage.Error(
              ErrorCode.NOT_IN_ROOM.code(), message.type(), "Join the meeting first."));
      return;
    }
    room.executor.execute(() -> room.command(connection, message));
  }

  @Override
  public void leave(RoomConnection connection) {
    Room room = connections.remove(connection);
    if (room != null) {
      room.executor.execute(() -> room.leave(connection));
    } else {
      connection.close("left");
    }
  }

  @Override
  public void disconnected(RoomConnection connection) {
    Room room = connections.remove(connection);
    if (room != null) {
      room.executor.execute(() -> room.disconnected(connection));
    }
  }

  @Override
  public boolean passcodeEntryPaused(long meetingId) {
    Room room = rooms.get(meetingId);
    return room != null && room.passcodeEntryPaused;
  }

  @Override
  public void entryAlert(long meetingId, int failures) {
    Room room = rooms.get(meetingId);
    if (room != null) {
      room.executor.execute(
          () ->
              room.toHosts(
                  new ServerMessage.SecurityAlert(
                      "entry-attack", failures, room.passcodeEntryPaused)));
    }
  }

  @Override
  public Optional<RoomSnapshot> snapshot(long meetingId) {
    Room room = rooms.get(meetingId);
    if (room == null) {
      return Optional.empty();
    }
    CompletableFuture<RoomSnapshot> f = new CompletableFuture<>();
    room.executor.execute(() -> f.complete(room.snapshot()));
    try {
      return Optional.of(f.get(5, TimeUnit.SECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while reading a room", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("The room did not answer", e);
    }
  }

  /** How many rooms are live (for metrics and tests). */
  public int liveRooms() {
    return rooms.size();
  }

  // ---- meeting changes ----

  @TransactionalEventListener
  void meetingChanged(MeetingEvents.MeetingChanged e) {
    Room room = rooms.get(e.meetingId());
    if (room != null) {
      Optional<Meeting> m = meetings.byId(e.meetingId());
      room.executor.execute(
          () -> {
            if (m.isPresent()) {
              room.meeting = m.get();
              room.roomChanged();
            }
          });
    }
  }

  @TransactionalEventListener
  void meetingDeleted(MeetingEvents.MeetingDeleted e) {
    Room room = rooms.get(e.meetingId());
    if (room != null) {
      room.executor.execute(
          () -> {
            room.commands.end(null);
            room.audit(AuditEvent.MEETING_ENDED, Actor.system(), "meeting deleted");
          });
    }
  }

  @TransactionalEventListener
  void inviteRevoked(MeetingEvents.InviteRevoked e) {
    Room room = rooms.get(e.meetingId());
    if (room != null) {
      room.executor.execute(
          () -> {
            for (Participant p : new ArrayList<>(room.people.values())) {
              if (p.pass.inviteId() != null && p.pass.inviteId() == e.inviteId()) {
                room.send(p, new ServerMessage.Removed(false));
                if (p.connection != null) {
                  p.connection.close("invitation revoked");
                }
                room.depart(p, "removed");
              }
            }
          });
    }
  }

  private Room room(long meetingId) {
    Room existing = rooms.get(meetingId);
    if (existing != null) {
      return existing;
    }
    Optional<Meeting> meeting = meetings.byId(meetingId);
    if (meeting.isEmpty()) {
      return null;
    }
    return rooms.computeIfAbsent(
        meetingId,
        id -> {
          Room r = new Room(meeting.get(), meetings.bans(id), pool, services);
          mediaRooms.put(r.mediaRoomId, r);
          return r;
        });
  }

  /** Events from the media server, each handed to its room's executor. */
  private final class MediaEvents implements MediaListener {

    @Override
    public void subscribeOffer(
        String roomId, String peerId, String sdp, List<OfferedTrack> tracks) {
      Room room = mediaRooms.get(roomId);
      if (room == null) {
        return;
      }
      List<ServerMessage.OfferedTrackView> views = new ArrayList<>();
      for (OfferedTrack t : tracks) {
        views.add(new ServerMessage.OfferedTrackView(t.mid(), t.publisherId(), t.source().wire()));
      }
      ServerMessage offer = new ServerMessage.SubscribeOffer(sdp, List.copyOf(views));
      room.executor.execute(
          () -> {
            Participant p = room.people.get(peerId);
            if (p != null && p.inside()) {
              room.send(p, offer);
            }
          });
    }

    @Override
    public void speakerChanged(String roomId, String peerId) {
      Room room = mediaRooms.get(roomId);
      if (room != null) {
        room.executor.execute(() -> room.broadcast(new ServerMessage.Speaker(peerId)));
      }
    }

    @Override
    public void transportClosed(String roomId, String peerId, String connection, String reason) {
      Room room = mediaRooms.get(roomId);
      if (room != null) {
        room.executor.execute(() -> room.mediaTransportClosed(peerId, reason));
      }
    }
  }

  private void tick() {
    for (Room room : rooms.values()) {
      room.executor.execute(
          () -> {
            if (!room.closed) {
              room.tick();
            }
          });
    }
  }

  @PreDestroy
  void stop() {
    ticker.shutdownNow();
    pool.shutdownNow();
  }
}
