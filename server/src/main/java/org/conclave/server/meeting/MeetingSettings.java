package org.conclave.server.meeting;

import org.conclave.server.protocol.RoomEnums.ChatMode;
import org.conclave.server.protocol.RoomEnums.EntryRule;
import org.conclave.server.protocol.RoomEnums.ScreenShareRule;

/**
 * A meeting's rules. Every field left out takes its secure default: passcode required, waiting room
 * on, anyone with the code and passcode may ask to enter, nobody enters before a host, screen
 * sharing for hosts only, chat for everyone, muted on entry, self-unmute allowed, renaming off, 100
 * people. The organisation's policy caps each ({@code MeetingPolicyCheck}).
 */
public record MeetingSettings(
    Boolean passcodeRequired,
    Boolean waitingRoom,
    EntryRule entry,
    Boolean personalLinksRequired,
    Boolean entryBeforeHost,
    ScreenShareRule screenShare,
    ChatMode chat,
    Boolean muteOnEntry,
    Boolean selfUnmute,
    Boolean renameAllowed,
    Integer participantLimit) {

  public MeetingSettings {
    passcodeRequired = passcodeRequired == null || passcodeRequired;
    waitingRoom = waitingRoom == null || waitingRoom;
    entry = entry == null ? EntryRule.ANYONE_WITH_CODE : entry;
    personalLinksRequired = personalLinksRequired != null && personalLinksRequired;
    entryBeforeHost = entryBeforeHost != null && entryBeforeHost;
    screenShare = screenShare == null ? ScreenShareRule.HOSTS : screenShare;
    chat = chat == null ? ChatMode.EVERYONE : chat;
    muteOnEntry = muteOnEntry == null || muteOnEntry;
    selfUnmute = selfUnmute == null || selfUnmute;
    renameAllowed = renameAllowed != null && renameAllowed;
    participantLimit = participantLimit == null ? 100 : participantLimit;
  }

  public static MeetingSettings defaults() {
    return new MeetingSettings(null, null, null, null, null, null, null, null, null, null, null);
  }
}
