package org.conclave.server.entry;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicInteger;
import org.conclave.server.common.GrowingDelayLimiter;
import org.conclave.server.config.ConclaveProperties;
import org.springframework.stereotype.Component;

/**
 * Failed meeting entries, counted three ways: per source address for one code, per source address
 * across all codes (war-dialing), and per code across all addresses (a distributed guess at one
 * meeting's passcode). Keys are the typed code, known or not, so the throttle behaves the same for
 * codes that exist and codes that do not. Thread-safe.
 */
@Component
class EntryThrottle {

  private final GrowingDelayLimiter<String> perAddressPerCode;
  private final GrowingDelayLimiter<String> perAddress;
  private final GrowingDelayLimiter<String> perCode;
  private final Cache<Long, AtomicInteger> meetingFailures;
  private final int alertAfter;

  EntryThrottle(ConclaveProperties properties, InstantSource clock) {
    ConclaveProperties.MeetingEntry e = properties.meetings().entry();
    this.perAddressPerCode =
        new GrowingDelayLimiter<>(
            e.perAddressPerMeeting(), e.window(), e.baseDelay(), e.maxDelay(), clock);
    this.perAddress =
        new GrowingDelayLimiter<>(e.perAddress(), e.window(), e.baseDelay(), e.maxDelay(), clock);
    this.perCode =
        new GrowingDelayLimiter<>(e.perMeeting(), e.window(), e.baseDelay(), e.maxDelay(), clock);
    this.meetingFailures =
        Caffeine.newBuilder()
            .expireAfterWrite(e.window())
            .ticker(() -> clock.millis() * 1_000_000L)
            .maximumSize(100_000)
            .build();
    this.alertAfter = e.alertAfter();
  }

  /**
   * Milliseconds to wait before this attempt may be checked, 0 when it may be checked now. An
   * admitted attempt is counted as a failure at once, under one lock, so that attempts sent all at
   * once cannot all pass the last of an allowance; {@link #succeeded} or {@link #release} gives it
   * back. {@code guessable} is false for personal-link attempts (their 144-bit secrets cannot be
   * guessed), which are not held back by other people's failures at the same code.
   */
  synchronized long admit(String address, String code, boolean guessable) {
    String key = address + "|" + code;
    long wait = Math.max(perAddress.admit(address), perAddressPerCode.admit(key));
    if (guessable) {
      wait = Math.max(wait, perCode.admit(code));
    }
    if (wait == 0) {
      perAddress.failed(address);
      perAddressPerCode.failed(key);
      if (guessable) {
        perCode.failed(code);
      }
    }
    return wait;
  }

  /** The admitted attempt failed: it stays counted (a personal link's also against the code). */
  synchronized void failed(String address, String code, boolean guessable) {
    if (!guessable) {
      perCode.failed(code);
    }
  }

  /**
   * The admitted attempt succeeded: its failure is given back, this address's at this code
   * forgotten.
   */
  synchronized void succeeded(String address, String code, boolean guessable) {
    perAddress.refund(address);
    perAddressPerCode.reset(address + "|" + code);
    if (guessable) {
      perCode.refund(code);
    }
  }

  /** The admitted (guessable) attempt was not checked after all: its failure is given back. */
  synchronized void release(String address, String code) {
    perAddress.refund(address);
    perAddressPerCode.refund(address + "|" + code);
    perCode.refund(code);
  }

  /**
   * Counts a failure against a meeting that exists.
   *
   * @return the count, when it has just reached the alert threshold (or every further multiple of
   *     it); 0 otherwise
   */
  int meetingFailure(long meetingId) {
    int n = meetingFailures.get(meetingId, k -> new AtomicInteger()).incrementAndGet();
    return n % alertAfter == 0 ? n : 0;
  }
}
