package org.conclave.server.meeting;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.conclave.server.audit.Actor;
import org.conclave.server.auth.SignedInUser;
import org.conclave.server.common.ClientAddress;
import org.conclave.server.meeting.MeetingViews.InviteDetails;
import org.conclave.server.meeting.MeetingViews.InviteRequest;
import org.conclave.server.meeting.MeetingViews.MeetingDetails;
import org.conclave.server.meeting.MeetingViews.MeetingRequest;
import org.conclave.server.meeting.MeetingViews.MeetingSummary;
import org.conclave.server.meeting.MeetingViews.PasscodeRequest;
import org.conclave.server.meeting.MeetingViews.PolicyView;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/meetings}: the signed-in user's meetings. Hosts and administrators create them;
 * the owner and co-hosts see and change them; anyone else is told the meeting does not exist.
 */
@RestController
@RequestMapping("/api/v1/meetings")
class MeetingController {

  private final MeetingService meetings;
  private final MeetingPolicyCheck policy;

  MeetingController(MeetingService meetings, MeetingPolicyCheck policy) {
    this.meetings = meetings;
    this.policy = policy;
  }

  @GetMapping
  List<MeetingSummary> list(@AuthenticationPrincipal SignedInUser user) {
    return meetings.list(user);
  }

  /** The organisation's caps, for the scheduling form. */
  @GetMapping("/policy")
  PolicyView policy() {
    return PolicyView.of(policy.policy());
  }

  @GetMapping("/personal")
  MeetingDetails personal(@AuthenticationPrincipal SignedInUser user, HttpServletRequest request) {
    return meetings.personalRoom(user, actor(user, request));
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  MeetingDetails create(
      @RequestBody MeetingRequest body,
      @AuthenticationPrincipal SignedInUser user,
      HttpServletRequest request) {
    return meetings.create(body, user, actor(user, request));
  }

  @GetMapping("/{id}")
  MeetingDetails get(@PathVariable long id, @AuthenticationPrincipal SignedInUser user) {
    return meetings.details(id, user);
  }

  @PutMapping("/{id}")
  MeetingDetails update(
      @PathVariable long id,
      @RequestBody MeetingRequest body,
      @AuthenticationPrincipal SignedInUser user,
      HttpServletRequest request) {
    return meetings.update(id, body, user, actor(user, request));
  }

  @DeleteMapping("/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void delete(
      @PathVariable long id,
      @AuthenticationPrincipal SignedInUser user,
      HttpServletRequest request) {
    meetings.delete(id, user, actor(user, request));
  }

  /** A new passcode: the one in the body (if strong enough) or a generated one. */
  @PostMapping("/{id}/passcode")
  MeetingDetails passcode(
      @PathVariable long id,
      @RequestBody(required = false) PasscodeRequest body,
      @AuthenticationPrincipal SignedInUser user,
      HttpServletRequest request) {
    return meetings.changePasscode(
        id, body == null ? null : body.passcode(), user, actor(user, request));
  }

  @GetMapping("/{id}/invites")
  List<InviteDetails> invites(@PathVariable long id, @AuthenticationPrincipal SignedInUser user) {
    return meetings.invites(id, user);
  }

  @PostMapping("/{id}/invites")
  @ResponseStatus(HttpStatus.CREATED)
  InviteDetails invite(
      @PathVariable long id,
      @RequestBody InviteRequest body,
      @AuthenticationPrincipal SignedInUser user,
      HttpServletRequest request) {
    return meetings.invite(id, body, user, actor(user, request));
  }

  @DeleteMapping("/{id}/invites/{inviteId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void revoke(
      @PathVariable long id,
      @PathVariable long inviteId,
      @AuthenticationPrincipal SignedInUser user,
      HttpServletRequest request) {
    meetings.revokeInvite(id, inviteId, user, actor(user, request));
  }

  private static Actor actor(SignedInUser user, HttpServletRequest request) {
    return new Actor(user.id(), user.username(), ClientAddress.of(request));
  }
}
