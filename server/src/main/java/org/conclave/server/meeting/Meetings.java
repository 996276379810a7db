package org.conclave.server.meeting;

import java.util.List;
import java.util.Optional;
import org.conclave.server.common.Secrets;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * What other features may ask of meetings: find one by code or id, check an entry secret, find a
 * personal invitation, read and add rejoin bans. Secrets never leave this feature; only yes or no
 * does. Thread-safe.
 */
@Service
public class Meetings {

  /** Checked against unknown codes so that they cost the same as a wrong passcode. */
  private static final String DUMMY_MAC = "0".repeat(64);

  private final MeetingStore store;
  private final MeetingSecrets secrets;

  Meetings(MeetingStore store, MeetingSecrets secrets) {
    this.store = store;
    this.secrets = secrets;
  }

  public Optional<Meeting> byCode(String normalizedCode) {
    return store.byCode(normalizedCode).map(MeetingStore.Row::meeting);
  }

  public Optional<Meeting> byId(long id) {
    return store.byId(id).map(MeetingStore.Row::meeting);
  }

  /**
   * Whether {@code passcode} is the meeting's passcode; constant-time, one HMAC. With an empty
   * meeting (unknown code), the same HMAC is computed against nothing and the answer is false.
   */
  public boolean passcodeMatches(Optional<Meeting> meeting, String passcode) {
    // One query either way, so an unknown code costs what a known one does.
    String stored = store.passcodeMac(meeting.map(Meeting::id).orElse(-1L));
    String candidate = passcode == null ? "" : Passcodes.canonical(passcode);
    String code = meeting.map(Meeting::code).orElse("");
    boolean match = secrets.macMatches(code, candidate, stored == null ? DUMMY_MAC : stored);
    return match && stored != null;
  }

  /**
   * Whether {@code secret} is the meeting link's secret (which stands for the passcode). One query
   * and one SHA-256 whether or not the meeting exists, so an unknown code costs what a known one
   * does.
   */
  public boolean linkSecretMatches(Optional<Meeting> meeting, String secret) {
    String stored = store.linkSecretHash(meeting.map(Meeting::id).orElse(-1L));
    String candidate = Secrets.sha256Hex(secret == null ? "" : secret);
    return Secrets.equal(candidate, stored == null ? DUMMY_MAC : stored)
        && stored != null
        && secret != null;
  }

  /**
   * The live (not revoked) personal invitation of this meeting that {@code secret} opens. One query
   * whether or not the meeting exists.
   */
  public Optional<Invite> invite(Optional<Meeting> meeting, String secret) {
    if (secret == null || secret.isBlank() || secret.length() > 128) {
      return Optional.empty();
    }
    Optional<Invite> found =
        store
            .inviteBySecretHash(meeting.map(Meeting::id).orElse(-1L), Secrets.sha256Hex(secret))
            .map(MeetingStore.InviteRow::invite)
            .filter(i -> i.revokedAt() == null);
    return meeting.isPresent() ? found : Optional.empty();
  }

  public Optional<Invite> invite(long meetingId, long inviteId) {
    return store.invite(meetingId, inviteId).map(MeetingStore.InviteRow::invite);
  }

  /** Whether the account holds a live personal invitation to the meeting. */
  public boolean isInvitedAccount(long meetingId, long userId) {
    return store.invitedAccount(meetingId, userId);
  }

  public List<Ban> bans(long meetingId) {
    return store.bans(meetingId);
  }

  /**
   * Bars someone from the meeting; an {@link Ban.Kind#INVITE} ban also revokes the invitation.
   * Joins the caller's transaction (the room records the removal in the same one).
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public void ban(Ban ban, long now) {
    store.insertBan(ban, now);
    if (ban.kind() == Ban.Kind.INVITE) {
      store.revokeInvite(ban.meetingId(), Long.parseLong(ban.value()), now);
    }
  }
}
