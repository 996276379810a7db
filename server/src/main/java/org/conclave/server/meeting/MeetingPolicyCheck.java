package org.conclave.server.meeting;

import org.conclave.server.common.ApiException;
import org.conclave.server.config.ConclaveProperties;
import org.conclave.server.protocol.RoomEnums.EntryRule;
import org.conclave.server.protocol.RoomEnums.ScreenShareRule;
import org.springframework.stereotype.Component;

/** Refuses meeting settings that are looser than the organisation's policy allows. */
@Component
class MeetingPolicyCheck {

  private final ConclaveProperties.MeetingPolicy policy;

  MeetingPolicyCheck(ConclaveProperties properties) {
    this.policy = properties.meetings().policy();
  }

  ConclaveProperties.MeetingPolicy policy() {
    return policy;
  }

  /**
   * @throws ApiException 400 {@code policy-forbids} naming the setting, or {@code invalid-setting}
   */
  void check(MeetingSettings s) {
    if (!s.passcodeRequired() && !policy.passcodeMayBeOff()) {
      throw forbids("passcodeRequired", "Your organisation requires a passcode for every meeting.");
    }
    if (!s.waitingRoom() && !policy.waitingRoomMayBeOff()) {
      throw forbids("waitingRoom", "Your organisation requires the waiting room in every meeting.");
    }
    if (s.entry() == EntryRule.ANYONE_WITH_CODE && !policy.guestsAllowed()) {
      throw forbids(
          "entry",
          "Your organisation does not allow guests without an account: choose members of the"
              + " organisation or invited people only.");
    }
    if (s.entryBeforeHost() && !policy.entryBeforeHostAllowed()) {
      throw forbids("entryBeforeHost", "Your organisation does not allow entry before the host.");
    }
    if (s.screenShare() == ScreenShareRule.EVERYONE && !policy.screenShareForAllAllowed()) {
      throw forbids(
          "screenShare", "Your organisation allows screen sharing by hosts and people they allow.");
    }
    if (s.renameAllowed() && !policy.renameAllowed()) {
      throw forbids(
          "renameAllowed", "Your organisation does not let participants rename themselves.");
    }
    if (s.participantLimit() < 2 || s.participantLimit() > policy.maxParticipants()) {
      throw ApiException.badRequest(
          "invalid-setting",
          "participantLimit must be between 2 and " + policy.maxParticipants() + ".");
    }
  }

  private static ApiException forbids(String setting, String sentence) {
    return ApiException.badRequest("policy-forbids", setting + ": " + sentence);
  }
}
