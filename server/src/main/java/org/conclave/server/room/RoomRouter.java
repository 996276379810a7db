package org.conclave.server.room;

import java.util.Optional;
import org.conclave.server.protocol.ClientMessage;

/**
 * How signaling reaches live rooms. Each room changes state in one place only — its own serial
 * executor — so no two commands race. On one node the router keeps rooms in memory ({@link
 * LocalRoomRouter}); with several control nodes an implementation backed by Redis pub/sub and a
 * room→node map takes its place behind this interface. All methods return at once; outcomes arrive
 * as frames on the connection.
 */
public interface RoomRouter {

  /** Someone passed the door: the room admits them, makes them wait, or turns them away. */
  void enter(EntryPass pass, RoomConnection connection);

  /**
   * A new connection for someone whose connection dropped, by their resume token.
   *
   * @return false when the token belongs to nobody (the caller answers with an error frame)
   */
  boolean resume(String token, RoomConnection connection);

  /** A command from a connection that entered a room (the room authorizes it). */
  void command(RoomConnection connection, ClientMessage message);

  /** The person leaves on purpose: no resume window. */
  void leave(RoomConnection connection);

  /** The connection dropped: the person may resume within the window. */
  void disconnected(RoomConnection connection);

  /** Whether a host has paused entry by passcode and shared link for this meeting. */
  boolean passcodeEntryPaused(long meetingId);

  /** Failed entries for this meeting reached the alert threshold: tell its hosts in the room. */
  void entryAlert(long meetingId, int failures);

  /** The live room's whole state, for tests and the operator; empty when the room is not live. */
  Optional<RoomSnapshot> snapshot(long meetingId);
}
