package org.conclave.server.protocol;

/** The room's vocabulary, shared by meeting settings, the live room and the wire. */
public final class RoomEnums {

  private RoomEnums() {}

  /** A person's role in a live room. */
  public enum Role {
    /** The meeting's owner. */
    HOST,
    /** Named co-host of the meeting, or promoted by the host in the room. */
    COHOST,
    /** Came in as a signed-in member of the organisation or with a personal link. */
    PARTICIPANT,
    /** Came in with the meeting's passcode or shared link: identity unverified. */
    GUEST;

    public boolean isHost() {
      return this == HOST || this == COHOST;
    }
  }

  /** How someone arrived, shown to the hosts at the knock and in the participant list. */
  public enum Arrival {
    /** Signed in with an account of this organisation. */
    MEMBER,
    /** With a personal invitation link (its name is shown as {@code invitedAs}). */
    PERSONAL_LINK,
    /** With the passcode or the shared link: the name is whatever they typed. */
    GUEST
  }

  /** Who may enter a meeting at all. */
  public enum EntryRule {
    /** Anyone with the code and passcode (or the meeting link). */
    ANYONE_WITH_CODE,
    /** Only people signed in with an account of this organisation (and personal links). */
    ORGANISATION,
    /** Only invited people: personal links, invited accounts, hosts. */
    INVITED
  }

  public enum ChatMode {
    /** Everyone may write to everyone and to the hosts. */
    EVERYONE,
    /** Participants may write to the hosts only; hosts to everyone. */
    HOSTS_ONLY,
    /** Only hosts may write. */
    OFF
  }

  public enum ScreenShareRule {
    /** Hosts, and people a host has allowed one by one. */
    HOSTS,
    /** Everyone. */
    EVERYONE
  }

  /** Why someone is on the waiting page. */
  public enum WaitReason {
    /** The waiting room is on: a host will let them in. */
    WAITING_ROOM,
    /** No host is in the room yet; nobody enters before a host. */
    HOST_ABSENT,
    /** Their personal link is already in use by someone in the meeting. */
    LINK_IN_USE,
    /** They come from the address of someone removed and barred from rejoining. */
    REMOVED_ADDRESS
  }

  /** Why a connection was turned away without waiting. */
  public enum Refusal {
    LOCKED,
    REMOVED,
    FULL,
    ENDED
  }
}
