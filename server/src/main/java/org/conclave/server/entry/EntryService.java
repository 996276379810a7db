package org.conclave.server.entry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import org.conclave.server.audit.Actor;
import org.conclave.server.audit.AuditEvent;
import org.conclave.server.audit.AuditLog;
import org.conclave.server.auth.SignedInUser;
import org.conclave.server.common.ApiException;
import org.conclave.server.common.Secrets;
import org.conclave.server.meeting.Invite;
import org.conclave.server.meeting.Meeting;
import org.conclave.server.meeting.MeetingCode;
import org.conclave.server.meeting.Meetings;
import org.conclave.server.protocol.Protocol;
import org.conclave.server.protocol.RoomEnums.Arrival;
import org.conclave.server.protocol.RoomEnums.EntryRule;
import org.conclave.server.room.EntryPass;
import org.conclave.server.room.RoomRouter;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * The door of every meeting. The order is deliberate: read the request's shape, then the throttle
 * (before any secret is checked), then exactly one secret check whether or not the code exists,
 * then the meeting's entry rules. An unknown code and a wrong passcode or link get the same status,
 * the same body and the same work, so nobody can learn which codes exist; every failure is audited.
 * What the room then does (host, lock, waiting room, bans) is the room's decision.
 */
@Service
class EntryService {

  /** What the browser sent. */
  record JoinRequest(String code, String passcode, String secret, String invite, String name) {}

  /** Who asks: the account if signed in (browser session), and where from. */
  record Caller(SignedInUser user, String address, String deviceToken) {}

  private final Meetings meetings;
  private final EntryThrottle throttle;
  private final Tickets tickets;
  private final RoomRouter rooms;
  private final AuditLog audit;
  private final Counter checks;

  EntryService(
      Meetings meetings,
      EntryThrottle throttle,
      Tickets tickets,
      RoomRouter rooms,
      AuditLog audit,
      MeterRegistry metrics) {
    this.meetings = meetings;
    this.throttle = throttle;
    this.tickets = tickets;
    this.rooms = rooms;
    this.audit = audit;
    this.checks =
        Counter.builder("conclave.meeting.entry.checks")
            .description("Meeting passcodes and link secrets checked (throttled attempts are not)")
            .register(metrics);
  }

  /**
   * @return a ticket for the signaling connection
   * @throws ApiException 403 entry-refused, 429 entry-throttled, 403 sign-in-required, 403
   *     invite-required, 400 invalid-name
   */
  String join(JoinRequest r, Caller caller) {
    String typed = r.code() == null ? "" : r.code().strip().toLowerCase(java.util.Locale.ROOT);
    String codeKey =
        MeetingCode.normalize(typed).orElse(typed.length() > 40 ? typed.substring(0, 40) : typed);
    boolean viaInvite = r.invite() != null && !r.invite().isBlank();
    boolean viaSecret = !viaInvite && r.secret() != null && !r.secret().isBlank();
    boolean viaPasscode =
        !viaInvite && !viaSecret && r.passcode() != null && !r.passcode().isBlank();
    String name = viaInvite ? null : guestName(r.name(), caller.user());

    long wait = throttle.admit(caller.address(), codeKey, !viaInvite);
    Optional<Meeting> meeting = MeetingCode.normalize(typed).flatMap(meetings::byCode);
    if (wait == 0
        && !viaInvite
        && meeting.isPresent()
        && (viaSecret || viaPasscode)
        && rooms.passcodeEntryPaused(meeting.get().id())) {
      throttle.release(caller.address(), codeKey);
      wait = 60_000;
    }
    if (wait > 0) {
      meeting.ifPresent(this::countAgainstMeeting);
      audit.recordAlone(
          AuditEvent.MEETING_ENTRY_THROTTLED,
          actor(caller, name),
          subject(meeting, codeKey),
          "held back " + (wait + 999) / 1000 + " s");
      throw throttled(wait);
    }

    Invite invite = null;
    boolean secretOk;
    if (viaInvite) {
      checks.increment();
      invite = meetings.invite(meeting, r.invite()).orElse(null);
      secretOk = invite != null;
    } else if (viaSecret) {
      checks.increment();
      secretOk = meetings.linkSecretMatches(meeting, r.secret());
    } else if (viaPasscode) {
      checks.increment();
      secretOk = meetings.passcodeMatches(meeting, r.passcode());
    } else {
      // No secret: enough only for the meeting's own hosts and invited accounts, or a meeting
      // without a passcode.
      secretOk =
          meeting
              .map(
                  m ->
                      !m.settings().passcodeRequired()
                          || caller.user() != null
                              && (m.isHostAccount(caller.user().id())
                                  || meetings.isInvitedAccount(m.id(), caller.user().id())))
              .orElse(false);
    }
    if (!secretOk) {
      throttle.failed(caller.address(), codeKey, !viaInvite);
      meeting.ifPresent(this::countAgainstMeeting);
      audit.recordAlone(
          AuditEvent.MEETING_ENTRY_FAILED,
          actor(caller, name),
          subject(meeting, codeKey),
          viaInvite
              ? "personal link"
              : viaSecret ? "meeting link" : viaPasscode ? "passcode" : "no passcode");
      throw refused();
    }
    throttle.succeeded(caller.address(), codeKey, !viaInvite);
    Meeting m = meeting.orElseThrow();
    EntryPass pass = pass(m, invite, name, caller, viaInvite);
    audit.recordAlone(
        AuditEvent.MEETING_ENTRY_GRANTED,
        actor(caller, pass.name()),
        "meeting:" + m.id(),
        pass.arrival() + (invite != null ? " invite " + invite.id() : ""));
    return tickets.issue(pass);
  }

  private EntryPass pass(Meeting m, Invite invite, String name, Caller caller, boolean viaInvite) {
    SignedInUser user = caller.user();
    boolean hostAccount = user != null && m.isHostAccount(user.id());
    boolean invitedAccount = user != null && meetings.isInvitedAccount(m.id(), user.id());
    String device = caller.deviceToken() == null ? null : Secrets.sha256Hex(caller.deviceToken());
    if (!hostAccount) {
      if (m.settings().personalLinksRequired() && invite == null && !invitedAccount) {
        throw ApiException.forbidden(
            "invite-required", "This meeting admits only people with a personal invitation link.");
      }
      if (m.settings().entry() == EntryRule.INVITED && invite == null && !invitedAccount) {
        throw ApiException.forbidden(
            "invite-required",
            "This meeting admits only invited people. Use your personal invitation link.");
      }
      if (m.settings().entry() == EntryRule.ORGANISATION && invite == null && user == null) {
        throw ApiException.forbidden(
            "sign-in-required",
            "This meeting admits only members of the organisation: sign in first.");
      }
    }
    if (invite != null) {
      Long account = invite.userId() != null ? invite.userId() : user != null ? user.id() : null;
      return new EntryPass(
          m.id(),
          invite.name(),
          true,
          Arrival.PERSONAL_LINK,
          account,
          invite.id(),
          device,
          caller.address());
    }
    if (user != null) {
      return new EntryPass(
          m.id(), name, false, Arrival.MEMBER, user.id(), null, device, caller.address());
    }
    return new EntryPass(m.id(), name, false, Arrival.GUEST, null, null, device, caller.address());
  }

  private static String guestName(String typed, SignedInUser user) {
    String name = typed == null ? "" : typed.strip();
    if (name.isEmpty() && user != null) {
      name = user.displayName();
    }
    if (name.isEmpty()
        || name.length() > Protocol.NAME_MAX_CHARS
        || name.chars().anyMatch(Character::isISOControl)) {
      throw ApiException.badRequest(
          "invalid-name",
          "Give the name others will see, at most " + Protocol.NAME_MAX_CHARS + " characters.");
    }
    return name;
  }

  private void countAgainstMeeting(Meeting m) {
    int failures = throttle.meetingFailure(m.id());
    if (failures > 0) {
      rooms.entryAlert(m.id(), failures);
      audit.recordAlone(
          AuditEvent.MEETING_UNDER_ATTACK,
          Actor.system(),
          "meeting:" + m.id(),
          failures + " failed or held-back entries; hosts alerted");
    }
  }

  /** Audit subject: the meeting when it exists, else the typed code's hash (never the text). */
  private static String subject(Optional<Meeting> meeting, String codeKey) {
    return meeting
        .map(m -> "meeting:" + m.id())
        .orElse("code:" + Secrets.sha256Hex(codeKey).substring(0, 16));
  }

  private static Actor actor(Caller caller, String name) {
    SignedInUser u = caller.user();
    return u != null
        ? new Actor(u.id(), u.username(), caller.address())
        : new Actor(null, name == null ? "guest" : clip(name), caller.address());
  }

  private static String clip(String s) {
    return s.length() > 80 ? s.substring(0, 80) : s;
  }

  static ApiException refused() {
    return ApiException.forbidden(
        "entry-refused",
        "That meeting code or passcode didn't match. Check the invitation and try again.");
  }

  static Throttled throttled(long waitMs) {
    return new Throttled((waitMs + 999) / 1000);
  }

  /** 429 entry-throttled, with the wait in Retry-After. */
  static final class Throttled extends ApiException {
    final long retryAfterSeconds;

    Throttled(long seconds) {
      super(
          HttpStatus.TOO_MANY_REQUESTS,
          "entry-throttled",
          "Too many attempts. Wait a little and try again.");
      this.retryAfterSeconds = seconds;
    }
  }
}
