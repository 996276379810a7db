package org.conclave.server.room;

import static org.assertj.core.api.Assertions.assertThat;
import static org.conclave.server.room.HostControlApiTest.awaitClosed;

import org.conclave.server.account.Role;
import org.conclave.server.account.User;
import org.conclave.server.testing.Browser;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Removing people, and "don't allow to rejoin": the bar holds for the account, the personal link
 * (even from a browser with no cookies) and the device, and a guest arriving from a barred guest's
 * address is held for the host to judge.
 */
class RemovalApiTest extends RoomApiTest {

  @Test
  void removingWithoutABarClosesTheirSocketAndTheyMayKnockAgain() {
    Browser hostBrowser = newHost();
    JsonNode meeting = meeting(hostBrowser, null);
    Person host = hostEnters(hostBrowser, meeting);
    Person guest = admittedGuest(host, meeting, "Lan");

    host.send("remove", "participant", guest.id, "banRejoin", false);
    assertThat(guest.await("removed").path("banned").asBoolean()).isFalse();
    awaitClosed(guest.socket);
    JsonNode left = host.await("participantLeft");
    assertThat(left.path("participantId").asString()).isEqualTo(guest.id);
    assertThat(left.path("reason").asString()).isEqualTo("removed");
    assertThat(snapshot(meeting).bans()).isZero();

    assertThat(guest(guest.browser, meeting, "Lan").firstType()).isEqualTo("waiting");
  }

  @Test
  void aBarredMemberCannotComeBackWithTheirAccountFromAnyBrowser() {
    Browser hostBrowser = newHost();
    JsonNode meeting = meeting(hostBrowser, null);
    Person host = hostEnters(hostBrowser, meeting);
    User account = createUser(newUsername("member"), Role.MEMBER);
    Person member = member(signedIn(account), meeting);
    admit(host, member);

    host.send("remove", "participant", member.id, "banRejoin", true);
    assertThat(member.await("removed").path("banned").asBoolean()).isTrue();
    awaitClosed(member.socket);
    host.await("participantLeft");

    // Another browser, another address, no device cookie: the account is what is barred.
    Person again = member(signedIn(account), meeting);
    assertThat(again.firstType()).isEqualTo("refused");
    assertThat(again.first.path("reason").asString()).isEqualTo("REMOVED");
    awaitClosed(again.socket);
    assertThat(snapshot(meeting).waiting()).isEmpty();
  }

  @Test
  void aBarredPersonalLinkStaysBarredAfterTheCookiesAreCleared() {
    Browser hostBrowser = newHost();
    JsonNode meeting = meeting(hostBrowser, null);
    Person host = hostEnters(hostBrowser, meeting);
    String secret = inviteSecret(hostBrowser, meeting, "Bình");
    Person invited = personalLink(browser(), meeting, secret);
    admit(host, invited);

    host.send("remove", "participant", invited.id, "banRejoin", true);
    assertThat(invited.await("removed").path("banned").asBoolean()).isTrue();
    awaitClosed(invited.socket);

    // The bar revokes the invitation: the same link, from the same browser or from a brand-new
    // one (no cookies, no storage, another address), no longer opens the door.
    for (Browser b : new Browser[] {invited.browser, browser()}) {
      var r = org.conclave.server.testing.Meetings.join(b, "code", code(meeting), "invite", secret);
      assertThat(r.status()).as("%s", r).isEqualTo(403);
      assertThat(r.json().path("code").asString()).isEqualTo("entry-refused");
    }
    JsonNode invites = hostBrowser.get("/api/v1/meetings/" + id(meeting) + "/invites").json();
    assertThat((Iterable<JsonNode>) invites)
        .filteredOn(i -> i.path("name").asString().equals("Bình"))
        .singleElement()
        .matches(i -> i.path("revokedAt").isNumber(), "revoked");
  }

  @Test
  void aBarredGuestsDeviceIsRefusedUnderAnotherNameFromAnotherAddress() {
    Browser hostBrowser = newHost();
    JsonNode meeting = meeting(hostBrowser, null);
    Person host = hostEnters(hostBrowser, meeting);
    Browser device = browser();
    Person guest = guest(device, meeting, "Lan");
    admit(host, guest);

    host.send("remove", "participant", guest.id, "banRejoin", true);
    guest.await("removed");
    awaitClosed(guest.socket);

    device.from("198.51.100.77");
    Person again = guest(device, meeting, "Someone New");
    assertThat(again.firstType()).isEqualTo("refused");
    assertThat(again.first.path("reason").asString()).isEqualTo("REMOVED");
  }

  @Test
  void aGuestFromABarredGuestsAddressWaitsFlaggedEvenWithTheWaitingRoomOff() {
    Browser hostBrowser = newHost();
    JsonNode meeting = meeting(hostBrowser, settings("waitingRoom", false));
    Person host = hostEnters(hostBrowser, meeting);
    Browser first = browser();
    Person guest = guest(first, meeting, "Lan");
    assertThat(guest.firstType()).as("waiting room off: straight in").isEqualTo("welcome");

    host.send("remove", "participant", guest.id, "banRejoin", true);
    guest.await("removed");
    awaitClosed(guest.socket);

    // No cookies (a new device), same address: the host decides.
    Person fromThere = guest(browser().from(first.address()), meeting, "Minh");
    assertThat(fromThere.firstType()).isEqualTo("waiting");
    assertThat(fromThere.first.path("reason").asString()).isEqualTo("REMOVED_ADDRESS");
    JsonNode knock = host.await("knock").path("entry");
    assertThat(knock.path("id").asString()).isEqualTo(fromThere.id);
    assertThat(knock.path("reason").asString()).isEqualTo("REMOVED_ADDRESS");

    // Another address with the waiting room off walks straight in.
    assertThat(guest(meeting, "Hoa").firstType()).isEqualTo("welcome");
  }

  @Test
  void theHostCanRemoveSomeoneStillWaiting() {
    Browser hostBrowser = newHost();
    JsonNode meeting = meeting(hostBrowser, null);
    Person host = hostEnters(hostBrowser, meeting);
    Person waiting = guest(meeting, "Minh");
    host.send("remove", "participant", waiting.id, "banRejoin", true);
    assertThat(waiting.await("removed").path("banned").asBoolean()).isTrue();
    awaitClosed(waiting.socket);
    RoomSnapshot after = snapshot(meeting);
    assertThat(after.waiting()).isEmpty();
    assertThat(after.bans()).isPositive();
  }
}
