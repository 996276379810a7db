package org.conclave.server.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.conclave.server.ConclaveApplication;
import org.conclave.server.account.AccountService;
import org.conclave.server.account.Role;
import org.conclave.server.account.User;
import org.conclave.server.account.Users;
import org.conclave.server.audit.Actor;
import org.conclave.server.audit.AuditEvent;
import org.conclave.server.audit.AuditLog;
import org.conclave.server.common.ApiException;
import org.conclave.server.config.ConclaveProperties;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Headless operator commands: {@code ./conclave admin <command> [--option value ...]}. Each run
 * starts Conclave without its web server against the same configuration and database (with the
 * embedded H2 database this works while the server runs), does one thing, audits it as the operator
 * and exits: 0 done, 1 refused or failed, 2 wrong usage. Passwords are never taken as arguments
 * (they would show in the process list and shell history), only from standard input.
 */
public final class AdminCli {

  static final String USAGE =
      """
      Usage: ./conclave admin <command> [options]

      Commands:
        create-user --username NAME --display-name "NAME" --role admin|host|member
                    [--email ADDRESS] [--password-stdin]
            Creates an account. With --password-stdin the password is read from standard
            input (the first line); otherwise an invitation link is printed for the person
            to choose their own password (valid 7 days).
        reset-password --username NAME
            Sets a new password read from standard input (the first line) and ends all of
            that user's sessions.
        disable-user --username NAME
            Disables an account and ends its sessions; its history is kept.
        enable-user --username NAME
            Enables a disabled account again.
        setup-link
            Prints a new one-time link (valid one hour) to create the first administrator,
            while no administrator exists.
        audit-verify
            Checks the audit log's hash chain; names the first broken entry and exits 1.
        help
            Prints this text.
      """;

  private static final Map<String, Set<String>> OPTIONS =
      Map.of(
          "create-user",
          Set.of("username", "display-name", "email", "role", "password-stdin"),
          "reset-password",
          Set.of("username"),
          "disable-user",
          Set.of("username"),
          "enable-user",
          Set.of("username"),
          "setup-link",
          Set.of(),
          "audit-verify",
          Set.of());

  private static final Map<String, Set<String>> REQUIRED =
      Map.of(
          "create-user",
          Set.of("username", "display-name", "role"),
          "reset-password",
          Set.of("username"),
          "disable-user",
          Set.of("username"),
          "enable-user",
          Set.of("username"));

  private static final Set<String> FLAGS = Set.of("password-stdin");

  private final InputStream in;
  private final PrintStream out;
  private final PrintStream err;

  private AdminCli(InputStream in, PrintStream out, PrintStream err) {
    this.in = in;
    this.out = out;
    this.err = err;
  }

  /** Runs one command ({@code args[0]} is "admin") and returns the process exit code. */
  public static int run(String[] args) {
    return run(args, System.in, System.out, System.err);
  }

  static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
    return new AdminCli(in, out, err).execute(Arrays.copyOfRange(args, 1, args.length));
  }

  private int execute(String[] args) {
    if (args.length == 0) {
      err.print(USAGE);
      return 2;
    }
    String command = args[0];
    if (command.equals("help") || command.equals("--help") || command.equals("-h")) {
      out.print(USAGE);
      return 0;
    }
    Set<String> allowed = OPTIONS.get(command);
    if (allowed == null) {
      err.println("Unknown command '" + command + "'. Run ./conclave admin help for the list.");
      return 2;
    }
    Map<String, String> options;
    try {
      options = parse(Arrays.copyOfRange(args, 1, args.length), allowed);
      for (String name : REQUIRED.getOrDefault(command, Set.of())) {
        required(options, name);
      }
      if (options.containsKey("role")) {
        role(options.get("role"));
      }
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage() + " Run ./conclave admin help for the options.");
      return 2;
    }
    ConfigurableApplicationContext context;
    try {
      context = startContext();
    } catch (RuntimeException e) {
      // Spring has already printed why (for unsafe configuration, the sentence saying how to fix).
      err.println("conclave admin: Conclave could not start, so nothing was done.");
      return 1;
    }
    try (context) {
      return switch (command) {
        case "create-user" -> createUser(context, options);
        case "reset-password" -> resetPassword(context, options);
        case "disable-user" -> setDisabled(context, options, true);
        case "enable-user" -> setDisabled(context, options, false);
        case "setup-link" -> setupLink(context);
        case "audit-verify" -> auditVerify(context);
        default -> throw new IllegalStateException(command);
      };
    } catch (ApiException e) {
      err.println(e.getMessage());
      return 1;
    } catch (UsageException e) {
      err.println(e.getMessage());
      return 2;
    }
  }

  private static ConfigurableApplicationContext startContext() {
    return new SpringApplicationBuilder(ConclaveApplication.class)
        .web(WebApplicationType.NONE)
        .bannerMode(Banner.Mode.OFF)
        .logStartupInfo(false)
        // Only warnings: the command's own output is what the operator reads. Beans are made when
        // a command needs them, which also keeps scheduled jobs from running in this process.
        .properties(
            "logging.level.root=WARN",
            "logging.level.org.flywaydb=ERROR",
            "spring.main.lazy-initialization=true")
        .run();
  }

  private int createUser(ConfigurableApplicationContext context, Map<String, String> o) {
    String username = required(o, "username");
    String displayName = required(o, "display-name");
    Role role = role(required(o, "role"));
    String email = o.get("email");
    AccountService accounts = context.getBean(AccountService.class);
    if (o.containsKey("password-stdin")) {
      String password = readPassword("Password for " + username + ": ");
      User user =
          accounts.create(
              username,
              displayName,
              email,
              role,
              password,
              Actor.operator(),
              AuditEvent.USER_CREATED);
      out.println("Created " + user.role() + " account '" + user.username() + "'.");
      return 0;
    }
    AccountService.CreatedUser created =
        accounts.invite(username, displayName, email, role, Actor.operator());
    out.println(
        "Created "
            + created.user().role()
            + " account '"
            + created.user().username()
            + "'. Send this one-time invitation link (valid 7 days) to the person by a private"
            + " channel; they choose their own password there:");
    out.println();
    out.println("  " + publicUrl(context) + "/invite#" + created.inviteToken());
    out.println();
    return 0;
  }

  private int resetPassword(ConfigurableApplicationContext context, Map<String, String> o) {
    String username = required(o, "username");
    requireUser(context, username);
    String password = readPassword("New password for " + username + ": ");
    context.getBean(AccountService.class).resetPassword(username, password, Actor.operator());
    out.println(
        "Set a new password for '" + Users.normalise(username) + "'; ended their sessions.");
    return 0;
  }

  private int setDisabled(
      ConfigurableApplicationContext context, Map<String, String> o, boolean disabled) {
    User user = requireUser(context, required(o, "username"));
    context.getBean(AccountService.class).setDisabled(user.id(), disabled, Actor.operator());
    out.println(
        disabled
            ? "Disabled '" + user.username() + "' and ended their sessions."
            : "Enabled '" + user.username() + "'.");
    return 0;
  }

  private int setupLink(ConfigurableApplicationContext context) {
    Optional<String> token = context.getBean(AccountService.class).setupLinkIfNeeded();
    if (token.isEmpty()) {
      err.println(
          "An administrator already exists, so there is no set-up link. Administrators invite"
              + " other people from the admin page, or use ./conclave admin create-user.");
      return 1;
    }
    out.println(
        "Open this one-time link within one hour to create the first administrator (any earlier"
            + " set-up link no longer works):");
    out.println();
    out.println("  " + publicUrl(context) + "/setup#" + token.get());
    out.println();
    return 0;
  }

  private int auditVerify(ConfigurableApplicationContext context) {
    AuditLog.Verification v = context.getBean(AuditLog.class).verify();
    if (v.intact()) {
      out.println(
          "Audit log intact, "
              + v.entriesChecked()
              + (v.entriesChecked() == 1 ? " entry." : " entries."));
      return 0;
    }
    err.println(
        "Audit log BROKEN at entry "
            + v.firstBroken()
            + ": "
            + v.reason()
            + ". The "
            + v.entriesChecked()
            + " entries before it are intact; entry "
            + v.firstBroken()
            + " and everything after it cannot be trusted.");
    return 1;
  }

  private User requireUser(ConfigurableApplicationContext context, String username) {
    return context
        .getBean(Users.class)
        .byUsername(username)
        .orElseThrow(() -> ApiException.notFound("There is no account '" + username + "'."));
  }

  private String readPassword(String prompt) {
    Console console = System.console();
    if (console != null && in == System.in && interactive(console)) {
      char[] first = console.readPassword("%s", prompt);
      char[] again = console.readPassword("Again: ");
      if (first == null || again == null || !Arrays.equals(first, again)) {
        throw new UsageException("The two passwords differ; nothing was changed.");
      }
      return new String(first);
    }
    try {
      String line =
          new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
      if (line == null || line.isEmpty()) {
        throw new UsageException(
            "No password on standard input; nothing was changed. Pipe it in, for example:"
                + " printf '%s\\n' \"$PASSWORD\" | ./conclave admin ...");
      }
      return line;
    } catch (IOException e) {
      throw new UsageException("Could not read the password from standard input: " + e);
    }
  }

  /**
   * True when the console is a terminal. Java 17 has a console only then; newer Java has one even
   * when input is piped, and says which through {@code Console.isTerminal()} (Java 22).
   */
  private static boolean interactive(Console console) {
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException olderJava) {
      return true;
    }
  }

  private static String publicUrl(ConfigurableApplicationContext context) {
    return context.getBean(ConclaveProperties.class).publicUrl();
  }

  private static Role role(String value) {
    try {
      return Role.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new UsageException("--role must be admin, host or member, not '" + value + "'.");
    }
  }

  private static String required(Map<String, String> options, String name) {
    String value = options.get(name);
    if (value == null || value.isBlank()) {
      throw new UsageException("--" + name + " is required.");
    }
    return value;
  }

  private static Map<String, String> parse(String[] args, Set<String> allowed) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("Unexpected argument '" + arg + "'.");
      }
      String name = arg.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      if (!allowed.contains(name)) {
        throw new IllegalArgumentException("Unknown option --" + name + ".");
      }
      if (FLAGS.contains(name)) {
        if (value != null) {
          throw new IllegalArgumentException("--" + name + " takes no value.");
        }
        value = "";
      } else if (value == null) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("--" + name + " needs a value.");
        }
        value = args[++i];
      }
      if (options.put(name, value) != null) {
        throw new IllegalArgumentException("--" + name + " is given twice.");
      }
    }
    return options;
  }

  /** Wrong usage (a missing or bad option, no password given): exit code 2. */
  private static final class UsageException extends IllegalArgumentException {
    UsageException(String message) {
      super(message);
    }
  }
}
