package org.conclave.loadtest.janus;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The messages of Janus's HTTP API (janus.plugin.videoroom, Janus 1.x) that {@link JanusApi} sends
 * and reads, as records. Field names are Janus's in snake case ({@link JanusApi}'s mapper converts
 * {@code sessionId} to {@code session_id}); absent (null) fields are not written, and fields Janus
 * adds that are not here are ignored.
 */
final class JanusMessages {

  private JanusMessages() {}

  /** Janus's own envelope: {@code create}, {@code attach}, {@code message}, {@code destroy}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Request(String janus, String transaction, String plugin, Object body, Jsep jsep) {}

  /** A session description with its type ("offer" or "answer"); trickle false: none will follow. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Jsep(
      String type, String sdp, Boolean trickle, @JsonProperty("rid_order") String ridOrder) {

    Jsep(String type, String sdp, Boolean trickle) {
      this(type, sdp, trickle, null);
    }

    /**
     * A publisher's offer whose simulcast rids are listed lowest first, as {@link
     * org.conclave.media.client.ClientPeer} lists them: Janus otherwise takes the first rid for the
     * highest quality ({@code rid_order} "hml").
     */
    static Jsep offerLowestFirst(String sdp) {
      return new Jsep("offer", sdp, false, "lmh");
    }
  }

  /**
   * Anything Janus sends back or pushes: {@code success}, {@code ack}, {@code error}, {@code
   * event}, {@code webrtcup}, {@code media}, {@code hangup}, {@code detached}, {@code keepalive}...
   */
  record Response(
      String janus,
      String transaction,
      Long sessionId,
      Long sender,
      Id data,
      PluginData plugindata,
      Jsep jsep,
      Error error,
      String reason) {}

  /** The new session's or handle's id in a {@code success}. */
  record Id(Long id) {}

  record Error(int code, String reason) {}

  record PluginData(String plugin, VideoRoom data) {}

  /**
   * The VideoRoom plugin's answer: {@code videoroom} is "created", "joined", "attached", "event",
   * "updated"... with {@code errorCode} and {@code error} when it refused.
   */
  record VideoRoom(String videoroom, Long room, Long id, Integer errorCode, String error) {}

  /**
   * Makes a room. {@code bitrate} 0: no cap on what publishers may send (Janus would otherwise tell
   * them with REMB); {@code firFreq} 0: no periodic keyframe requests; no joining events.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record CreateRoom(
      String request,
      long room,
      String description,
      int publishers,
      long bitrate,
      int firFreq,
      String audiocodec,
      String videocodec,
      boolean notifyJoining) {

    static CreateRoom of(long room, String description, int publishers) {
      return new CreateRoom("create", room, description, publishers, 0, 0, "opus", "vp8", false);
    }
  }

  /** Joins a room as a publisher and publishes the JSEP offer sent with it, in one request. */
  record JoinAndConfigure(String request, long room, String ptype, String display) {
    static JoinAndConfigure publisher(long room, String display) {
      return new JoinAndConfigure("joinandconfigure", room, "publisher", display);
    }
  }

  /** Subscribes to the given publishers' streams (Janus 1.x multistream); Janus then offers. */
  record JoinSubscriber(String request, long room, String ptype, List<Feed> streams) {
    static JoinSubscriber of(long room, List<Long> feeds) {
      return new JoinSubscriber("join", room, "subscriber", feeds.stream().map(Feed::new).toList());
    }
  }

  /** One publisher whose every stream a subscriber takes. */
  record Feed(long feed) {}

  /** Sends the subscriber's JSEP answer; media flows after it. */
  record Start(String request) {
    static final Start START = new Start("start");
  }
}
