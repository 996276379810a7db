package org.conclave.server.meeting;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.conclave.server.account.PasswordPolicy;
import org.conclave.server.account.PasswordVerdict;
import org.conclave.server.account.Role;
import org.conclave.server.account.User;
import org.conclave.server.account.Users;
import org.conclave.server.audit.Actor;
import org.conclave.server.audit.AuditEvent;
import org.conclave.server.audit.AuditLog;
import org.conclave.server.auth.SignedInUser;
import org.conclave.server.common.ApiException;
import org.conclave.server.common.Secrets;
import org.conclave.server.config.ConclaveProperties;
import org.conclave.server.meeting.MeetingViews.InviteDetails;
import org.conclave.server.meeting.MeetingViews.InviteRequest;
import org.conclave.server.meeting.MeetingViews.MeetingDetails;
import org.conclave.server.meeting.MeetingViews.MeetingRequest;
import org.conclave.server.meeting.MeetingViews.MeetingSummary;
import org.conclave.server.meeting.MeetingViews.Person;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Scheduling and managing meetings: who may create, see and change them, the organisation's caps,
 * passcodes and links, co-hosts and personal invitations. Every change is audited in the same
 * transaction.
 */
@Service
class MeetingService {

  static final int MAX_INVITES = 1000;
  static final int LINK_SECRET_BYTES = 18; // 144 bits
  private static final int MAX_COHOSTS = 20;
  private static final int MAX_OCCURRENCES = 366;

  private final MeetingStore store;
  private final MeetingSecrets secrets;
  private final MeetingPolicyCheck policy;
  private final PasswordPolicy passwords;
  private final Users users;
  private final AuditLog audit;
  private final ApplicationEventPublisher events;
  private final InstantSource clock;
  private final ConclaveProperties properties;

  MeetingService(
      MeetingStore store,
      MeetingSecrets secrets,
      MeetingPolicyCheck policy,
      PasswordPolicy passwords,
      Users users,
      AuditLog audit,
      ApplicationEventPublisher events,
      InstantSource clock,
      ConclaveProperties properties) {
    this.store = store;
    this.secrets = secrets;
    this.policy = policy;
    this.passwords = passwords;
    this.users = users;
    this.audit = audit;
    this.events = events;
    this.clock = clock;
    this.properties = properties;
  }

  // ---- reading ----

  List<MeetingSummary> list(SignedInUser user) {
    return store.forUser(user.id(), 500).stream()
        .map(
            m ->
                new MeetingSummary(
                    m.id(),
                    MeetingCode.format(m.code()),
                    m.kind(),
                    m.title(),
                    iso(m.startsAt()),
                    m.durationMinutes(),
                    m.recurrence(),
                    roleOf(m, user),
                    m.timeZone(),
                    m.recurrenceCount()))
        .toList();
  }

  MeetingDetails details(long id, SignedInUser user) {
    return details(visible(id, user), user);
  }

  /** The user's personal room, made on first use. */
  @Transactional
  MeetingDetails personalRoom(SignedInUser user, Actor actor) {
    requireHostRole(user);
    Optional<MeetingStore.Row> existing = store.personalRoom(user.id());
    if (existing.isPresent()) {
      return details(existing.get(), user);
    }
    MeetingRequest request =
        new MeetingRequest(
            Meeting.Kind.PERSONAL, null, null, null, null, null, null, null, null, null, null);
    return create(request, user, actor);
  }

  // ---- creating and changing ----

  @Transactional
  MeetingDetails create(MeetingRequest r, SignedInUser user, Actor actor) {
    requireHostRole(user);
    Meeting.Kind kind = r.kind() == null ? Meeting.Kind.INSTANT : r.kind();
    if (kind == Meeting.Kind.PERSONAL && store.personalRoom(user.id()).isPresent()) {
      throw new ApiException(
          HttpStatus.CONFLICT, "personal-room-exists", "You already have a personal room.");
    }
    long now = clock.millis();
    String title =
        title(
            r.title(),
            kind == Meeting.Kind.PERSONAL
                ? "Personal room of " + user.displayName()
                : "Meeting of " + user.displayName());
    MeetingSettings settings = r.settings() == null ? MeetingSettings.defaults() : r.settings();
    policy.check(settings);
    Schedule schedule = schedule(kind, r, null, now);
    String code = freshCode();
    Meeting m =
        new Meeting(
            0,
            code,
            user.id(),
            kind,
            title,
            description(r.description()),
            schedule.startsAt,
            schedule.duration,
            schedule.zone,
            schedule.recurrence,
            schedule.count,
            settings,
            cohosts(r.cohosts(), user.id()),
            false,
            now,
            now);
    String passcode = settings.passcodeRequired() ? passcode(r.passcode(), title) : null;
    String link = Secrets.token(LINK_SECRET_BYTES);
    long id =
        store.insert(
            m,
            passcode == null ? null : secrets.seal("passcode " + code, passcode),
            passcode == null ? null : secrets.mac(passcode),
            secrets.seal("link " + code, link),
            Secrets.sha256Hex(link));
    audit.record(
        AuditEvent.MEETING_CREATED,
        actor,
        "meeting:" + id,
        kind + " " + MeetingCode.format(code) + " " + describe(settings));
    return details(store.byId(id).orElseThrow(), user);
  }

  @Transactional
  MeetingDetails update(long id, MeetingRequest r, SignedInUser user, Actor actor) {
    MeetingStore.Row row = manageable(id, user);
    Meeting m = row.meeting();
    long now = clock.millis();
    MeetingSettings settings = r.settings() == null ? m.settings() : r.settings();
    policy.check(settings);
    Schedule schedule = schedule(m.kind(), r, m, now);
    Set<Long> cohosts = r.cohosts() == null ? m.cohostIds() : cohosts(r.cohosts(), m.ownerId());
    if (!cohosts.equals(m.cohostIds()) && user.id() != m.ownerId()) {
      throw ApiException.forbidden("owner-only", "Only the meeting's host can change co-hosts.");
    }
    Meeting changed =
        new Meeting(
            m.id(),
            m.code(),
            m.ownerId(),
            m.kind(),
            r.title() == null ? m.title() : title(r.title(), m.title()),
            r.description() == null ? m.description() : description(r.description()),
            schedule.startsAt,
            schedule.duration,
            schedule.zone,
            schedule.recurrence,
            schedule.count,
            settings,
            cohosts,
            m.passcodeSet(),
            m.createdAt(),
            now);
    store.update(changed);
    if (settings.passcodeRequired() != m.passcodeSet()) {
      // Switching the passcode on makes a new one; switching it off forgets it.
      setSecrets(changed, settings.passcodeRequired() ? Passcodes.generate() : null, now);
    }
    audit.record(AuditEvent.MEETING_CHANGED, actor, "meeting:" + id, describe(settings));
    events.publishEvent(new MeetingEvents.MeetingChanged(id));
    return details(store.byId(id).orElseThrow(), user);
  }

  /** A new passcode (the host's, if strong enough, or a generated one) and a new shared link. */
  @Transactional
  MeetingDetails changePasscode(long id, String chosen, SignedInUser user, Actor actor) {
    MeetingStore.Row row = manageable(id, user);
    Meeting m = row.meeting();
    if (!m.settings().passcodeRequired()) {
      throw ApiException.badRequest(
          "passcode-off", "This meeting has no passcode; switch it on in the settings first.");
    }
    setSecrets(m, passcode(chosen, m.title()), clock.millis());
    audit.record(
        AuditEvent.MEETING_PASSCODE_CHANGED,
        actor,
        "meeting:" + id,
        chosen == null ? "generated" : "chosen by host");
    return details(store.byId(id).orElseThrow(), user);
  }

  @Transactional
  void delete(long id, SignedInUser user, Actor actor) {
    MeetingStore.Row row = visible(id, user);
    if (row.meeting().ownerId() != user.id() && user.role() != Role.ADMIN) {
      throw ApiException.forbidden("owner-only", "Only the meeting's host can delete it.");
    }
    store.markDeleted(id, clock.millis());
    audit.record(
        AuditEvent.MEETING_DELETED,
        actor,
        "meeting:" + id,
        MeetingCode.format(row.meeting().code()));
    events.publishEvent(new MeetingEvents.MeetingDeleted(id));
  }

  // ---- personal invitations ----

  List<InviteDetails> invites(long id, SignedInUser user) {
    Meeting m = manageable(id, user).meeting();
    return store.invites(id).stream().map(i -> inviteDetails(m, i)).toList();
  }

  @Transactional
  InviteDetails invite(long id, InviteRequest r, SignedInUser user, Actor actor) {
    Meeting m = manageable(id, user).meeting();
    if (r == null
        || r.name() == null
        || r.name().isBlank()
        || r.name().strip().length() > 80
        || hasControl(r.name())) {
      throw ApiException.badRequest(
          "invalid-name", "Give the invited person's name, at most 80 characters.");
    }
    String email = r.email() == null || r.email().isBlank() ? null : r.email().strip();
    if (email != null && (email.length() > 320 || !email.matches("[^@\\s]+@[^@\\s]+"))) {
      throw ApiException.badRequest("invalid-email", "That e-mail address does not look right.");
    }
    Long userId = null;
    if (r.username() != null && !r.username().isBlank()) {
      userId =
          users
              .byUsername(r.username())
              .map(User::id)
              .orElseThrow(
                  () ->
                      ApiException.badRequest(
                          "unknown-user", "There is no account with that name."));
    }
    if (store.invites(id).size() >= MAX_INVITES) {
      throw ApiException.badRequest(
          "too-many-invites",
          "A meeting can have at most " + MAX_INVITES + " personal invitations.");
    }
    String secret = Secrets.token(LINK_SECRET_BYTES);
    long now = clock.millis();
    Invite invite = new Invite(0, id, r.name().strip(), email, userId, now, null);
    long inviteId =
        store.insertInvite(
            invite, secrets.seal("invite " + m.code(), secret), Secrets.sha256Hex(secret));
    audit.record(
        AuditEvent.MEETING_INVITE_CREATED,
        actor,
        "meeting:" + id,
        "invite " + inviteId + " for " + invite.name());
    return inviteDetails(m, store.invite(id, inviteId).orElseThrow());
  }

  @Transactional
  void revokeInvite(long id, long inviteId, SignedInUser user, Actor actor) {
    manageable(id, user);
    if (store.invite(id, inviteId).isEmpty()) {
      throw ApiException.notFound("There is no such invitation.");
    }
    if (store.revokeInvite(id, inviteId, clock.millis())) {
      audit.record(AuditEvent.MEETING_INVITE_REVOKED, actor, "meeting:" + id, "invite " + inviteId);
      events.publishEvent(new MeetingEvents.InviteRevoked(id, inviteId));
    }
  }

  // ---- helpers ----

  private void setSecrets(Meeting m, String passcode, long now) {
    String link = Secrets.token(LINK_SECRET_BYTES);
    store.setSecrets(
        m.id(),
        passcode == null ? null : secrets.seal("passcode " + m.code(), passcode),
        passcode == null ? null : secrets.mac(Passcodes.canonical(passcode)),
        secrets.seal("link " + m.code(), link),
        Secrets.sha256Hex(link),
        now);
  }

  private String passcode(String chosen, String title) {
    if (chosen == null || chosen.isBlank()) {
      return Passcodes.generate();
    }
    PasswordVerdict verdict = passwords.checkPasscode(chosen, List.of(title));
    if (!verdict.acceptable()) {
      throw ApiException.badRequest("passcode-" + verdict.reason(), verdict.message());
    }
    return Passcodes.canonical(chosen);
  }

  private MeetingStore.Row visible(long id, SignedInUser user) {
    MeetingStore.Row row =
        store.byId(id).orElseThrow(() -> ApiException.notFound("There is no such meeting."));
    Meeting m = row.meeting();
    if (!m.isHostAccount(user.id()) && user.role() != Role.ADMIN) {
      // The same answer as for a meeting that does not exist.
      throw ApiException.notFound("There is no such meeting.");
    }
    return row;
  }

  private MeetingStore.Row manageable(long id, SignedInUser user) {
    MeetingStore.Row row = visible(id, user);
    if (!row.meeting().isHostAccount(user.id())) {
      throw ApiException.forbidden("not-a-host", "Only the meeting's hosts can change it.");
    }
    return row;
  }

  private static void requireHostRole(SignedInUser user) {
    if (user.role() == Role.MEMBER) {
      throw ApiException.forbidden(
          "not-a-host",
          "Your account can join meetings but not create them. Ask an administrator for the"
              + " host role.");
    }
  }

  private String freshCode() {
    for (int i = 0; i < 10; i++) {
      String code = MeetingCode.generate();
      if (!store.codeTaken(code)) {
        return code;
      }
    }
    throw new IllegalStateException("Ten random 60-bit codes in a row were taken");
  }

  private Set<Long> cohosts(List<String> usernames, long ownerId) {
    if (usernames == null) {
      return Set.of();
    }
    if (usernames.size() > MAX_COHOSTS) {
      throw ApiException.badRequest(
          "too-many-cohosts", "A meeting can have at most " + MAX_COHOSTS + " co-hosts.");
    }
    Set<Long> ids = new LinkedHashSet<>();
    for (String name : usernames) {
      if (name == null || name.isBlank() || name.length() > 64) {
        throw ApiException.badRequest("unknown-user", "There is no account with that name.");
      }
      User u =
          users
              .byUsername(name)
              .orElseThrow(
                  () ->
                      ApiException.badRequest(
                          "unknown-user", "There is no account named " + name.strip() + "."));
      if (u.id() != ownerId) {
        ids.add(u.id());
      }
    }
    return Set.copyOf(ids);
  }

  private record Schedule(
      Long startsAt, int duration, String zone, Meeting.Recurrence recurrence, Integer count) {}

  private Schedule schedule(Meeting.Kind kind, MeetingRequest r, Meeting current, long now) {
    String zone =
        r.timeZone() != null ? r.timeZone() : current != null ? current.timeZone() : "UTC";
    try {
      ZoneId.of(zone);
    } catch (DateTimeException e) {
      throw ApiException.badRequest(
          "invalid-time-zone", "Unknown time zone: use a name such as" + " Asia/Ho_Chi_Minh.");
    }
    int duration =
        r.durationMinutes() != null
            ? r.durationMinutes()
            : current != null ? current.durationMinutes() : 60;
    if (duration < 5 || duration > 24 * 60) {
      throw ApiException.badRequest(
          "invalid-duration", "A meeting lasts between 5 minutes and 24 hours.");
    }
    if (kind == Meeting.Kind.INSTANT || kind == Meeting.Kind.PERSONAL) {
      Long starts =
          kind == Meeting.Kind.INSTANT ? (current != null ? current.startsAt() : now) : null;
      return new Schedule(starts, duration, zone, Meeting.Recurrence.NONE, null);
    }
    Long startsAt = current != null ? current.startsAt() : null;
    if (r.startsAt() != null) {
      try {
        startsAt = Instant.parse(r.startsAt()).toEpochMilli();
      } catch (DateTimeParseException e) {
        throw ApiException.badRequest(
            "invalid-start", "startsAt must be a date and time such as 2026-12-01T09:00:00Z.");
      }
      if (startsAt < now - 5 * 60_000L || startsAt > now + 5L * 365 * 86_400_000L) {
        throw ApiException.badRequest(
            "invalid-start", "A meeting starts between now and five years from now.");
      }
    }
    if (startsAt == null) {
      throw ApiException.badRequest("invalid-start", "Give the date and time the meeting starts.");
    }
    if (kind == Meeting.Kind.SCHEDULED) {
      return new Schedule(startsAt, duration, zone, Meeting.Recurrence.NONE, null);
    }
    Meeting.Recurrence recurrence =
        r.recurrence() != null ? r.recurrence() : current != null ? current.recurrence() : null;
    Integer count =
        r.recurrenceCount() != null
            ? r.recurrenceCount()
            : current != null ? current.recurrenceCount() : null;
    if (recurrence == null || recurrence == Meeting.Recurrence.NONE) {
      throw ApiException.badRequest(
          "invalid-recurrence", "A recurring meeting repeats DAILY or WEEKLY.");
    }
    if (count == null || count < 2 || count > MAX_OCCURRENCES) {
      throw ApiException.badRequest(
          "invalid-recurrence",
          "A recurring meeting happens between 2 and " + MAX_OCCURRENCES + " times.");
    }
    return new Schedule(startsAt, duration, zone, recurrence, count);
  }

  /** The first occurrences of a meeting (at most ten), in its own time zone's calendar. */
  static List<String> occurrences(Meeting m) {
    if (m.startsAt() == null) {
      return List.of();
    }
    if (m.recurrence() == Meeting.Recurrence.NONE) {
      return List.of(iso(m.startsAt()));
    }
    ZonedDateTime first = Instant.ofEpochMilli(m.startsAt()).atZone(ZoneId.of(m.timeZone()));
    List<String> out = new ArrayList<>();
    for (int i = 0; i < Math.min(m.recurrenceCount(), 10); i++) {
      ZonedDateTime t =
          m.recurrence() == Meeting.Recurrence.DAILY ? first.plusDays(i) : first.plusWeeks(i);
      out.add(t.toInstant().toString());
    }
    return out;
  }

  private MeetingDetails details(MeetingStore.Row row, SignedInUser user) {
    Meeting m = row.meeting();
    String code = MeetingCode.format(m.code());
    String joinUrl = properties.publicUrl() + "/j/" + code;
    boolean host = m.isHostAccount(user.id());
    String passcode =
        host && row.passcodeSealed() != null
            ? secrets.unseal("passcode " + m.code(), row.passcodeSealed())
            : null;
    String link =
        host ? joinUrl + "#k=" + secrets.unseal("link " + m.code(), row.linkSecretSealed()) : null;
    List<Person> cohosts = new ArrayList<>();
    for (long id : new HashSet<>(m.cohostIds())) {
      users.byId(id).ifPresent(u -> cohosts.add(new Person(u.username(), u.displayName())));
    }
    Person owner =
        users
            .byId(m.ownerId())
            .map(u -> new Person(u.username(), u.displayName()))
            .orElse(new Person("", ""));
    return new MeetingDetails(
        m.id(),
        code,
        m.kind(),
        m.title(),
        m.description(),
        iso(m.startsAt()),
        m.durationMinutes(),
        m.timeZone(),
        m.recurrence(),
        m.recurrenceCount(),
        occurrences(m),
        m.settings(),
        passcode,
        joinUrl,
        link,
        owner,
        cohosts,
        roleOf(m, user),
        properties.organisationName());
  }

  private InviteDetails inviteDetails(Meeting m, MeetingStore.InviteRow row) {
    Invite i = row.invite();
    String link =
        i.revokedAt() != null
            ? null
            : properties.publicUrl()
                + "/j/"
                + MeetingCode.format(m.code())
                + "#i="
                + secrets.unseal("invite " + m.code(), row.secretSealed());
    String username =
        i.userId() == null ? null : users.byId(i.userId()).map(User::username).orElse(null);
    return new InviteDetails(
        i.id(), i.name(), i.email(), username, link, i.createdAt(), i.revokedAt());
  }

  private static String roleOf(Meeting m, SignedInUser user) {
    return m.ownerId() == user.id()
        ? "host"
        : m.cohostIds().contains(user.id()) ? "cohost" : "admin";
  }

  private static String iso(Long millis) {
    return millis == null ? null : Instant.ofEpochMilli(millis).toString();
  }

  private static String title(String title, String fallback) {
    if (title == null || title.isBlank()) {
      return fallback.length() > 200 ? fallback.substring(0, 200) : fallback;
    }
    String t = title.strip();
    if (t.length() > 200 || hasControl(t)) {
      throw ApiException.badRequest("invalid-title", "A title has at most 200 characters.");
    }
    return t;
  }

  private static String description(String description) {
    if (description == null) {
      return "";
    }
    if (description.length() > 4000) {
      throw ApiException.badRequest(
          "invalid-description", "A description has at most 4000 characters.");
    }
    return description.strip();
  }

  private static boolean hasControl(String s) {
    return s.chars().anyMatch(c -> Character.isISOControl(c));
  }

  private static String describe(MeetingSettings s) {
    return "passcode="
        + s.passcodeRequired()
        + " waitingRoom="
        + s.waitingRoom()
        + " entry="
        + s.entry()
        + " personalLinksRequired="
        + s.personalLinksRequired()
        + " beforeHost="
        + s.entryBeforeHost()
        + " screenShare="
        + s.screenShare()
        + " chat="
        + s.chat();
  }
}
