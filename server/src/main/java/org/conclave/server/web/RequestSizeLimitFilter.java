package org.conclave.server.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies larger than {@value #MAX_BODY_BYTES} bytes: at once when the declared
 * length is larger, and while reading when a body without a length runs past the limit. No API
 * request of ours comes near it; a larger one is a mistake or an attack.
 */
@Component
@Order(0) // after Spring Security's chain (-100), so refusals carry the security headers
class RequestSizeLimitFilter extends OncePerRequestFilter {

  static final int MAX_BODY_BYTES = 64 * 1024;

  private final ProblemResponses problems;

  RequestSizeLimitFilter(ProblemResponses problems) {
    this.problems = problems;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (request.getContentLengthLong() > MAX_BODY_BYTES) {
      problems.write(
          response,
          ProblemResponses.problem(
              HttpStatus.CONTENT_TOO_LARGE,
              "too-large",
              "The request is larger than " + MAX_BODY_BYTES / 1024 + " KiB.",
              request.getRequestURI()));
      return;
    }
    chain.doFilter(new Limited(request), response);
  }

  /** Counts bytes as they are read and fails the read past the limit. */
  private static final class Limited extends HttpServletRequestWrapper {
    private ServletInputStream stream;

    Limited(HttpServletRequest request) {
      super(request);
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        ServletInputStream in = super.getInputStream();
        stream =
            new ServletInputStream() {
              private long read;

              @Override
              public int read() throws IOException {
                int b = in.read();
                if (b >= 0) {
                  count(1);
                }
                return b;
              }

              @Override
              public int read(byte[] buf, int off, int len) throws IOException {
                int n = in.read(buf, off, len);
                if (n > 0) {
                  count(n);
                }
                return n;
              }

              private void count(int n) throws IOException {
                read += n;
                if (read > MAX_BODY_BYTES) {
                  throw new IOException("request body larger than " + MAX_BODY_BYTES + " bytes");
                }
              }

              @Override
              public boolean isFinished() {
                return in.isFinished();
              }

              @Override
              public boolean isReady() {
                return in.isReady();
              }

              @Override
              public void setReadListener(ReadListener listener) {
                in.setReadListener(listener);
              }
            };
      }
      return stream;
    }
  }
}
