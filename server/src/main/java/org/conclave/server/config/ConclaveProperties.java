package org.conclave.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Every setting under {@code conclave.*}, typed. Each nested record fills in its secure default
 * when a key is absent, so a missing key never means "off". {@code conclave.example.yml} at the top
 * of the repository explains each key; {@link StartupSafetyCheck} refuses unsafe values.
 */
@ConfigurationProperties(prefix = "conclave")
public record ConclaveProperties(
    String organisationName,
    String publicUrl,
    Path dataDir,
    Http http,
    Accounts accounts,
    Passwords passwords,
    SignIn signIn,
    Sessions sessions,
    ApiTokens apiTokens,
    Oidc oidc,
    Meetings meetings,
    Media media,
    Turn turn) {

  public ConclaveProperties {
    organisationName = organisationName == null ? "Conclave" : organisationName;
    dataDir = dataDir == null ? Path.of("data") : dataDir;
    http = http == null ? new Http(null, null, null, null, null, null) : http;
    publicUrl = publicUrl == null ? "https://localhost:" + http.port() : stripSlash(publicUrl);
    accounts = accounts == null ? new Accounts(null, null) : accounts;
    passwords = passwords == null ? new Passwords(null, null, null, null, null, null) : passwords;
    signIn = signIn == null ? new SignIn(null, null, null, null, null, null) : signIn;
    sessions = sessions == null ? new Sessions(null, null) : sessions;
    apiTokens = apiTokens == null ? new ApiTokens(null, null, null, null) : apiTokens;
    oidc = oidc == null ? new Oidc(false, null, null, null, null, null, null, null) : oidc;
    meetings = meetings == null ? new Meetings(null, null, null) : meetings;
    media = media == null ? new Media(null, null, null, null, null, null, null) : media;
    turn = turn == null ? new Turn(null, null, null) : turn;
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /** How the web server listens and how TLS is provided. */
  public record Http(
      Integer port,
      Integer redirectPort,
      TlsMode tls,
      Path certificate,
      Path privateKey,
      List<String> trustedProxies) {
    public Http {
      port = port == null ? 8443 : port;
      redirectPort = redirectPort == null ? 8080 : redirectPort;
      tls = tls == null ? TlsMode.SELF_SIGNED : tls;
      trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
    }
  }

  /**
   * Where TLS comes from: a self-signed certificate made on first start (for trying Conclave out),
   * a configured certificate and key (production), or a TLS-terminating reverse proxy whose
   * addresses are listed in {@code trusted-proxies}.
   */
  public enum TlsMode {
    SELF_SIGNED,
    FILES,
    BEHIND_PROXY
  }

  /** Who may have an account and what each role must prove. */
  public record Accounts(Boolean selfRegistration, Set<String> requireSecondFactorFor) {
    public Accounts {
      selfRegistration = selfRegistration != null && selfRegistration;
      requireSecondFactorFor =
          requireSecondFactorFor == null ? Set.of() : Set.copyOf(requireSecondFactorFor);
    }
  }

  /**
   * Password rules (NIST SP 800-63B) and the Argon2id cost. {@code minScore} is the lowest strength
   * estimate accepted, on nbvcxz's scale of 0 (guessed in under a thousand tries) to 4 (over ten
   * billion); values other than 2, 3 or 4 refuse to start.
   */
  public record Passwords(
      Integer minLength,
      Integer maxLength,
      Integer history,
      Argon2 argon2,
      Integer maxConcurrentHashes,
      Integer minScore) {
    public Passwords {
      minLength = minLength == null ? 12 : minLength;
      maxLength = maxLength == null ? 128 : maxLength;
      history = history == null ? 5 : history;
      argon2 = argon2 == null ? new Argon2(null, null, null) : argon2;
      maxConcurrentHashes = maxConcurrentHashes == null ? 4 : maxConcurrentHashes;
      minScore = minScore == null ? 3 : minScore;
      if (minScore < 2 || minScore > 4) {
        throw new UnsafeConfigurationException(
            "conclave.passwords.min-score is "
                + minScore
                + " but must be 2, 3 or 4 (the strength estimate runs from 0 to 4): leave it out"
                + " to use 3.");
      }
    }
  }

  /**
   * Argon2id parameters; hashes made with other parameters are redone at the next sign-in. Values
   * below OWASP's floor (19456 KiB, 2 iterations) refuse to start unless {@link
   * #ALLOW_WEAK_FOR_TESTS} is true, which only the test suite sets.
   */
  public record Argon2(Integer memoryKib, Integer iterations, Integer parallelism) {

    /** The property that lets tests hash cheaply; named in the audited start-up summary. */
    public static final String ALLOW_WEAK_FOR_TESTS =
        "conclave.passwords.argon2.allow-weak-for-tests";

    public Argon2 {
      memoryKib = memoryKib == null ? 19456 : memoryKib;
      iterations = iterations == null ? 2 : iterations;
      parallelism = parallelism == null ? 1 : parallelism;
    }
  }

  /**
   * Sign-in throttling. Failures are counted per account name and per source address; past the
   * allowance each further attempt waits {@code baseDelay} doubled per excess failure, up to {@code
   * maxDelay}. The allowance refills over {@code window}.
   */
  public record SignIn(
      Integer accountFailures,
      Integer addressFailures,
      Duration window,
      Duration baseDelay,
      Duration maxDelay,
      Duration notifyAfter) {
    public SignIn {
      accountFailures = accountFailures == null ? 5 : accountFailures;
      addressFailures = addressFailures == null ? 20 : addressFailures;
      window = window == null ? Duration.ofMinutes(15) : window;
      baseDelay = baseDelay == null ? Duration.ofSeconds(2) : baseDelay;
      maxDelay = maxDelay == null ? Duration.ofMinutes(15) : maxDelay;
      notifyAfter = notifyAfter == null ? Duration.ZERO : notifyAfter;
    }
  }

  /** Browser sessions: idle timeout and absolute lifetime. */
  public record Sessions(Duration idleTimeout, Duration absoluteLifetime) {
    public Sessions {
      idleTimeout = idleTimeout == null ? Duration.ofMinutes(30) : idleTimeout;
      absoluteLifetime = absoluteLifetime == null ? Duration.ofHours(12) : absoluteLifetime;
    }
  }

  /**
   * Personal API tokens: the longest lifetime a token may be given, how many live tokens one user
   * may hold, and how many unknown tokens one source address may present per {@code failureWindow}
   * before it is refused outright.
   */
  public record ApiTokens(
      Duration maxLifetime, Integer maxPerUser, Integer addressFailures, Duration failureWindow) {
    public ApiTokens {
      maxLifetime = maxLifetime == null ? Duration.ofDays(365) : maxLifetime;
      maxPerUser = maxPerUser == null ? 50 : maxPerUser;
      addressFailures = addressFailures == null ? 20 : addressFailures;
      failureWindow = failureWindow == null ? Duration.ofMinutes(15) : failureWindow;
    }
  }

  /**
   * OpenID Connect single sign-on (Keycloak, AD FS, ...). {@code scopes} are requested from the
   * provider ({@code openid} is always added); {@code defaultRole} is given to accounts created at
   * their first single sign-on; {@code matchByEmail} links an existing account whose e-mail address
   * the provider vouches for ({@code email_verified}).
   */
  public record Oidc(
      boolean enabled,
      String issuerUri,
      String clientId,
      String clientSecret,
      String displayName,
      String defaultRole,
      Boolean matchByEmail,
      List<String> scopes) {
    public Oidc {
      displayName = displayName == null ? "Single sign-on" : displayName;
      defaultRole = defaultRole == null ? "MEMBER" : defaultRole;
      matchByEmail = matchByEmail == null || matchByEmail;
      scopes = scopes == null ? List.of("openid", "profile", "email") : List.copyOf(scopes);
    }
  }

  /** Meetings: the organisation's policy, entry throttling, and live signaling limits. */
  public record Meetings(MeetingPolicy policy, MeetingEntry entry, Signaling signaling) {
    public Meetings {
      policy =
          policy == null ? new MeetingPolicy(null, null, null, null, null, null, null) : policy;
      entry = entry == null ? new MeetingEntry(null, null, null, null, null, null, null) : entry;
      signaling =
          signaling == null ? new Signaling(null, null, null, null, null, null, null) : signaling;
    }
  }

  /**
   * The organisation's caps on meeting settings: a host may choose anything at least this strict.
   * {@code passcodeMayBeOff} and {@code waitingRoomMayBeOff} let hosts switch those protections
   * off; {@code guestsAllowed} lets meetings admit people with no account (by passcode or link);
   * {@code maxParticipants} bounds every meeting's participant limit.
   */
  public record MeetingPolicy(
      Boolean passcodeMayBeOff,
      Boolean waitingRoomMayBeOff,
      Boolean guestsAllowed,
      Boolean entryBeforeHostAllowed,
      Boolean screenShareForAllAllowed,
      Boolean renameAllowed,
      Integer maxParticipants) {
    public MeetingPolicy {
      passcodeMayBeOff = passcodeMayBeOff != null && passcodeMayBeOff;
      waitingRoomMayBeOff = waitingRoomMayBeOff == null || waitingRoomMayBeOff;
      guestsAllowed = guestsAllowed == null || guestsAllowed;
      entryBeforeHostAllowed = entryBeforeHostAllowed == null || entryBeforeHostAllowed;
      screenShareForAllAllowed = screenShareForAllAllowed == null || screenShareForAllAllowed;
      renameAllowed = renameAllowed == null || renameAllowed;
      maxParticipants = maxParticipants == null ? 300 : maxParticipants;
      if (maxParticipants < 2 || maxParticipants > 10_000) {
        throw new UnsafeConfigurationException(
            "conclave.meetings.policy.max-participants is "
                + maxParticipants
                + " but must be between 2 and 10000: leave it out to use 300.");
      }
    }
  }

  /**
   * Throttling of failed meeting entries (wrong code, passcode or link), counted three ways: per
   * source address for one meeting code, per source address across all codes, and per meeting code
   * across all addresses. Past each allowance, further attempts wait {@code baseDelay} doubled per
   * attempt up to {@code maxDelay}, without being checked. The allowances refill over {@code
   * window}. Hosts in the room are alerted once a meeting's failures reach {@code alertAfter}.
   */
  public record MeetingEntry(
      Integer perAddressPerMeeting,
      Integer perAddress,
      Integer perMeeting,
      Duration window,
      Duration baseDelay,
      Duration maxDelay,
      Integer alertAfter) {
    public MeetingEntry {
      perAddressPerMeeting = perAddressPerMeeting == null ? 5 : perAddressPerMeeting;
      perAddress = perAddress == null ? 20 : perAddress;
      perMeeting = perMeeting == null ? 50 : perMeeting;
      window = window == null ? Duration.ofMinutes(15) : window;
      baseDelay = baseDelay == null ? Duration.ofSeconds(2) : baseDelay;
      maxDelay = maxDelay == null ? Duration.ofMinutes(15) : maxDelay;
      alertAfter = alertAfter == null ? 10 : alertAfter;
    }
  }

  /**
   * Limits of the signaling WebSocket: the largest frame, the sustained rate and burst of frames
   * per connection, chat messages per minute per person, how long a lost participant may come back
   * without the waiting room ({@code resumeWindow}), and how long a silent socket is kept ({@code
   * heartbeatTimeout}).
   */
  public record Signaling(
      Integer maxFrameBytes,
      Integer framesPerSecond,
      Integer frameBurst,
      Integer chatPerMinute,
      Duration resumeWindow,
      Duration heartbeatTimeout,
      Integer maxConnectionsPerAddress) {
    public Signaling {
      maxFrameBytes = maxFrameBytes == null ? 64 * 1024 : maxFrameBytes;
      framesPerSecond = framesPerSecond == null ? 20 : framesPerSecond;
      frameBurst = frameBurst == null ? 40 : frameBurst;
      chatPerMinute = chatPerMinute == null ? 30 : chatPerMinute;
      resumeWindow = resumeWindow == null ? Duration.ofSeconds(30) : resumeWindow;
      heartbeatTimeout = heartbeatTimeout == null ? Duration.ofSeconds(30) : heartbeatTimeout;
      maxConnectionsPerAddress = maxConnectionsPerAddress == null ? 200 : maxConnectionsPerAddress;
    }
  }

  /**
   * The media server (SFU) built into this process. Browsers send and receive audio and video on
   * one UDP port ({@code port}) and, where UDP is blocked, ICE-TCP on the same port number ({@code
   * tcp}). {@code announcedAddresses} are the only addresses put in ICE candidates: the address
   * browsers reach this server on (its public address behind NAT). The sockets bind {@code
   * bindAddress}; when it is not set, loopback if every announced address is loopback, else every
   * interface. A peer whose browser stops answering ICE consent checks for {@code consentTimeout}
   * is cut off. {@code maxPeers} caps peer connections (two per participant). {@code lastN}: each
   * participant receives at most this many cameras, those of the people who spoke most recently.
   */
  public record Media(
      Integer port,
      String bindAddress,
      List<String> announcedAddresses,
      Boolean tcp,
      Duration consentTimeout,
      Integer maxPeers,
      Integer lastN) {
    public Media {
      port = port == null ? 10000 : port;
      announcedAddresses =
          announcedAddresses == null || announcedAddresses.isEmpty()
              ? List.of("127.0.0.1")
              : List.copyOf(announcedAddresses);
      tcp = tcp == null || tcp;
      consentTimeout = consentTimeout == null ? Duration.ofSeconds(30) : consentTimeout;
      maxPeers = maxPeers == null ? 2000 : maxPeers;
      lastN = lastN == null ? 25 : lastN;
      if (lastN < 1 || lastN > 100) {
        throw new UnsafeConfigurationException(
            "conclave.media.last-n is " + lastN + " but must be 1 to 100: leave it out for 25.");
      }
      if (port < 0 || port > 65535) {
        throw new UnsafeConfigurationException(
            "conclave.media.port is "
                + port
                + " but must be a port number: leave it out for 10000.");
      }
      for (String a : announcedAddresses) {
        String t = a.strip();
        if (t.equals("0.0.0.0") || t.equals("::") || t.equals("[::]") || t.isEmpty()) {
          throw new UnsafeConfigurationException(
              "conclave.media.announced-addresses contains '"
                  + a
                  + "', which no browser can reach: list the address browsers use to reach this"
                  + " server (its public address behind NAT).");
        }
      }
      if (consentTimeout.compareTo(Duration.ofSeconds(5)) < 0
          || consentTimeout.compareTo(Duration.ofMinutes(5)) > 0) {
        throw new UnsafeConfigurationException(
            "conclave.media.consent-timeout is "
                + consentTimeout
                + " but must be between 5 seconds and 5 minutes: leave it out for 30s.");
      }
      if (maxPeers < 2 || maxPeers > 100_000) {
        throw new UnsafeConfigurationException(
            "conclave.media.max-peers is " + maxPeers + " but must be 2 to 100000: leave it out.");
      }
    }
  }

  /**
   * A TURN relay (coturn) for participants whose networks block UDP and the media port: browsers
   * are given {@code urls} with credentials minted for each participant in the TURN REST API manner
   * (a user name holding the expiry time, and a password that is an HMAC of it under {@code
   * sharedSecret}, the relay's {@code static-auth-secret}). They expire after {@code
   * credentialTtl}; the page asks for new ones before then. No {@code urls}: no relay is offered.
   */
  public record Turn(List<String> urls, String sharedSecret, Duration credentialTtl) {

    /** The shortest shared secret accepted: 32 characters, as from {@code openssl rand -hex 16}. */
    public static final int MIN_SECRET_CHARS = 32;

    public Turn {
      urls = urls == null ? List.of() : urls.stream().map(String::strip).toList();
      credentialTtl = credentialTtl == null ? Duration.ofMinutes(10) : credentialTtl;
      for (String u : urls) {
        if (!u.matches("turns?:[^\\s?]+(\\?transport=(udp|tcp))?")) {
          throw new UnsafeConfigurationException(
              "conclave.turn.urls contains '"
                  + u
                  + "', which is not a TURN address: write turn:host:3478?transport=udp,"
                  + " turn:host:3478?transport=tcp or turns:host:443?transport=tcp.");
        }
      }
      if (!urls.isEmpty()
          && (sharedSecret == null || sharedSecret.strip().length() < MIN_SECRET_CHARS)) {
        throw new UnsafeConfigurationException(
            "conclave.turn.shared-secret must be at least "
                + MIN_SECRET_CHARS
                + " characters when conclave.turn.urls is set: make one with 'openssl rand -hex 32'"
                + " and set the same value as static-auth-secret in the relay's turnserver.conf.");
      }
      if (credentialTtl.compareTo(Duration.ofMinutes(1)) < 0
          || credentialTtl.compareTo(Duration.ofHours(24)) > 0) {
        throw new UnsafeConfigurationException(
            "conclave.turn.credential-ttl is "
                + credentialTtl
                + " but must be between 1 minute and 24 hours: leave it out for 10m.");
      }
      sharedSecret = sharedSecret == null ? null : sharedSecret.strip();
    }

    /** Whether a relay is configured. */
    public boolean enabled() {
      return !urls.isEmpty();
    }

    @Override
    public String toString() {
      return "Turn[urls=" + urls + ", sharedSecret=(hidden), credentialTtl=" + credentialTtl + "]";
    }
  }
}
