package org.conclave.server.auth;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.conclave.server.account.User;
import org.conclave.server.account.Users;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Turns the session cookie into the request's authentication. A session that still owes a second
 * factor gets only the {@value #PENDING} authority, which opens nothing but the second-factor
 * endpoints. A full session holds {@link ApiScope#ALL}: everything an API token could be scoped to,
 * and the browser-only endpoints besides. A session whose role must use a second factor but proved
 * only a password gets only {@value #ENROLMENT_ONLY}, which opens nothing but enrolling one (see
 * {@link SecondFactorPolicy}). A disabled account's sessions count for nothing.
 */
public class SessionAuthenticationFilter extends OncePerRequestFilter {

  /** The one authority of a session that has passed the password but not the second factor. */
  public static final String PENDING = "SECOND_FACTOR_PENDING";

  /**
   * The one authority of a signed-in session that the organisation's policy confines to enrolling a
   * second factor.
   */
  public static final String ENROLMENT_ONLY = "SECOND_FACTOR_ENROLMENT_ONLY";

  private final SessionStore sessions;
  private final Users users;
  private final SecondFactorPolicy policy;

  public SessionAuthenticationFilter(
      SessionStore sessions, Users users, SecondFactorPolicy policy) {
    this.sessions = sessions;
    this.users = users;
    this.policy = policy;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String token = SessionCookie.read(request);
    if (token != null && SecurityContextHolder.getContext().getAuthentication() == null) {
      sessions
          .findLive(token)
          .ifPresent(
              session ->
                  users
                      .byId(session.userId())
                      .filter(u -> !u.disabled())
                      .ifPresent(user -> authenticate(user, session)));
    }
    chain.doFilter(request, response);
  }

  private void authenticate(User user, SessionStore.Session session) {
    boolean pending = session.stage() == SessionStore.Stage.SECOND_FACTOR;
    SignedInUser principal =
        new SignedInUser(
            user.id(),
            user.username(),
            user.displayName(),
            user.role(),
            session.id(),
            pending,
            null);
    List<GrantedAuthority> authorities = new ArrayList<>();
    if (pending) {
      authorities.add(new SimpleGrantedAuthority(PENDING));
    } else if (policy.restrictsToEnrolment(user.role(), session.factors())) {
      authorities.add(new SimpleGrantedAuthority(ENROLMENT_ONLY));
    } else {
      authorities.add(new SimpleGrantedAuthority(user.role().authority()));
      authorities.add(new SimpleGrantedAuthority(ApiScope.ALL));
    }
    var auth = UsernamePasswordAuthenticationToken.authenticated(principal, null, authorities);
    SecurityContextHolder.getContext().setAuthentication(auth);
  }
}
