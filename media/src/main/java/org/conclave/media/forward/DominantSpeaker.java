package org.conclave.media.forward;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Decides, for one room, who the dominant speaker is, from the RFC 6464 audio level of every audio
 * packet (read it with {@link org.conclave.media.rtp.ExtensionValues#readAudioLevel}), and keeps
 * the order of the most recent speakers for last-N.
 *
 * <p><b>How it decides.</b> The idea follows Volfin and Cohen's dominant speaker identification
 * (speech activity judged over several time scales, and a change only when a challenger's activity
 * clearly and lastingly exceeds the current speaker's), in a much simpler form. Time is cut into
 * {@value #BUCKET_MILLIS} ms buckets. A packet counts as speech when its V flag is set or its level
 * is louder than -{@value #LEVEL_THRESHOLD} dBov; a bucket is a speech bucket when at least half of
 * a speaker's packets in it were speech. Each speaker keeps the last 64 buckets as bits of a {@code
 * long}; the <em>short</em> score is the number of speech buckets among the last {@value
 * #SHORT_BUCKETS} (300 ms), the <em>medium</em> score among the last {@value #MEDIUM_BUCKETS} (1.5
 * s). A speaker is <em>talking</em> when its short score is at least {@value #TALKING_MIN}.
 *
 * <ul>
 *   <li>With no dominant speaker, the talking speaker with the highest medium score becomes
 *       dominant at once.
 *   <li>Otherwise the talking speaker with the highest medium score is the challenger when that
 *       score exceeds the dominant speaker's by more than {@value #MARGIN_BUCKETS} buckets; the
 *       challenger takes over when it has stayed the challenger for {@value #HOLD_MILLIS} ms
 *       without a break. A cough, one loud packet or a short interjection never lasts that long.
 *   <li>Silence changes nothing: the last dominant speaker stays until someone else takes over or
 *       it is {@link #remove removed}; then the speaker who spoke most recently (the more active
 *       among equals) follows, or nobody when no one else has spoken.
 * </ul>
 *
 * <p><b>When it evaluates, and on which thread.</b> Not thread-safe: every method runs on the
 * room's serial executor (ARCHITECTURE.md, "one room, one home"). The decision runs inside {@link
 * #onAudioLevel} and {@link #tick} when the clock has entered a new bucket, so at most once per
 * {@value #BUCKET_MILLIS} ms per room, in O(speakers); {@link Listener} is called there,
 * synchronously, on that same thread, and must not call back into this object. {@code tick()} lets
 * the room age everyone's activity when no audio arrives at all.
 *
 * <p><b>Allocation.</b> All state is preallocated for {@code maxSpeakers} at construction; {@link
 * #onAudioLevel}, {@link #tick}, {@link #add}, {@link #remove} and {@link #recentSpeakers(long[])}
 * allocate nothing. Time comes from an injected nanosecond clock (e.g. {@code System::nanoTime})
 * rather than an {@code InstantSource}, whose {@code instant()} would allocate per packet.
 */
public final class DominantSpeaker {

  /** The id reported when there is no dominant speaker. Speaker ids are never negative. */
  public static final long NONE = -1L;

  /** The most speakers a room tracks unless told otherwise. */
  public static final int DEFAULT_MAX_SPEAKERS = 1000;

  static final int BUCKET_MILLIS = 50;
  static final int LEVEL_THRESHOLD = 50;
  static final int SHORT_BUCKETS = 6;
  static final int MEDIUM_BUCKETS = 30;
  static final int TALKING_MIN = 3;
  static final int MARGIN_BUCKETS = 4;
  static final int HOLD_MILLIS = 500;

  private static final long BUCKET_NANOS = BUCKET_MILLIS * 1_000_000L;
  private static final int HOLD_BUCKETS = HOLD_MILLIS / BUCKET_MILLIS;
  private static final long SHORT_MASK = (1L << SHORT_BUCKETS) - 1;
  private static final long MEDIUM_MASK = (1L << MEDIUM_BUCKETS) - 1;
  private static final long NEVER = Long.MIN_VALUE;

  /** Told when the dominant speaker changes; called on the room's thread. */
  @FunctionalInterface
  public interface Listener {
    /** {@code previous} or {@code current} may be {@link #NONE}; they are never equal. */
    void dominantSpeakerChanged(long previous, long current);
  }

  private final LongSupplier nanoClock;
  private final Listener listener;
  private final long origin;
  private final SpeakerIndex index;

  // Speakers live densely in slots 0..count-1 (struct of arrays; removal moves the last one in).
  private final long[] ids;
  private final long[] bucketOf; // the bucket the speaker's counters below belong to
  private final int[] packetsInBucket;
  private final int[] speechInBucket;
  private final long[] history; // bit 0: the most recent completed bucket; 1 = speech bucket
  private final long[] lastSpeechBucket; // the latest completed speech bucket, or NEVER
  private final long[] scratchKeys; // for recentSpeakers, preallocated
  private int count;

  private long roomBucket;
  private long dominant = NONE;
  private long challenger = NONE;
  private long challengerSince;

  /** A detector for up to {@link #DEFAULT_MAX_SPEAKERS} speakers. */
  public DominantSpeaker(LongSupplier nanoClock, Listener listener) {
    this(nanoClock, listener, DEFAULT_MAX_SPEAKERS);
  }

  /**
   * A detector for up to {@code maxSpeakers} speakers.
   *
   * @param nanoClock monotonic nanoseconds, any epoch, such as {@code System::nanoTime}
   * @param listener told of every change of dominant speaker
   */
  public DominantSpeaker(LongSupplier nanoClock, Listener listener, int maxSpeakers) {
    if (maxSpeakers < 1 || maxSpeakers > 1 << 20) {
      throw new IllegalArgumentException("maxSpeakers must be 1 to 2^20, was " + maxSpeakers);
    }
    this.nanoClock = nanoClock;
    this.listener = listener;
    this.origin = nanoClock.getAsLong();
    this.index = new SpeakerIndex(maxSpeakers);
    this.ids = new long[maxSpeakers];
    this.bucketOf = new long[maxSpeakers];
    this.packetsInBucket = new int[maxSpeakers];
    this.speechInBucket = new int[maxSpeakers];
    this.history = new long[maxSpeakers];
    this.lastSpeechBucket = new long[maxSpeakers];
    this.scratchKeys = new long[maxSpeakers];
  }

  /**
   * Starts tracking {@code speakerId} (a participant's number or its audio SSRC, not negative).
   * False when the id is negative or the room already tracks {@code maxSpeakers} speakers; true
   * when it is tracked afterwards (adding twice changes nothing).
   */
  public boolean add(long speakerId) {
    if (speakerId < 0) {
      return false;
    }
    if (index.get(speakerId) != SpeakerIndex.ABSENT) {
      return true;
    }
    if (count == ids.length) {
      return false;
    }
    int slot = count++;
    ids[slot] = speakerId;
    bucketOf[slot] = currentBucket();
    packetsInBucket[slot] = 0;
    speechInBucket[slot] = 0;
    history[slot] = 0;
    lastSpeechBucket[slot] = NEVER;
    index.put(speakerId, slot);
    return true;
  }

  /**
   * Stops tracking {@code speakerId} (it left, or its audio track ended). When it was the dominant
   * speaker, the speaker with the most recent activity follows, or nobody, and the listener hears
   * of it before this returns. Unknown ids are ignored.
   */
  public void remove(long speakerId) {
    int slot = speakerId < 0 ? SpeakerIndex.ABSENT : index.get(speakerId);
    if (slot == SpeakerIndex.ABSENT) {
      return;
    }
    index.remove(speakerId);
    int last = --count;
    if (slot != last) {
      ids[slot] = ids[last];
      bucketOf[slot] = bucketOf[last];
      packetsInBucket[slot] = packetsInBucket[last];
      speechInBucket[slot] = speechInBucket[last];
      history[slot] = history[last];
      lastSpeechBucket[slot] = lastSpeechBucket[last];
      index.put(ids[slot], slot);
    }
    if (speakerId == challenger) {
      challenger = NONE;
    }
    if (speakerId == dominant) {
      long previous = dominant;
      dominant = mostActive();
      challenger = NONE;
      notifyChange(previous);
    }
  }

  /**
   * Takes one audio packet's RFC 6464 audio level: {@code level} in -dBov (0 loudest, 127 silence)
   * and the V flag. Call it for every audio packet, DTX and silence included. False (and nothing
   * counted) when the speaker is not tracked. Allocates nothing; may call the listener.
   */
  public boolean onAudioLevel(long speakerId, int level, boolean voiceActivity) {
    int slot = speakerId < 0 ? SpeakerIndex.ABSENT : index.get(speakerId);
    if (slot == SpeakerIndex.ABSENT) {
      return false;
    }
    long bucket = currentBucket();
    if (bucket > roomBucket) {
      evaluate(bucket);
    }
    roll(slot, bucket);
    packetsInBucket[slot]++;
    if (voiceActivity || (level >= 0 && level < LEVEL_THRESHOLD)) {
      speechInBucket[slot]++;
    }
    return true;
  }

  /** Ages everyone's activity and decides again if a new bucket has begun; for quiet rooms. */
  public void tick() {
    long bucket = currentBucket();
    if (bucket > roomBucket) {
      evaluate(bucket);
    }
  }

  /** The dominant speaker's id, or {@link #NONE}. */
  public long dominantSpeaker() {
    return dominant;
  }

  /** How many speakers are tracked. */
  public int size() {
    return count;
  }

  /**
   * Fills {@code out} with up to {@code out.length} speakers, most relevant first: the dominant
   * speaker, then the others by how recently they last spoke (a completed speech bucket), the more
   * active first among equals. Speakers who never spoke are left out. Returns how many were
   * written. Allocates nothing.
   */
  public int recentSpeakers(long[] out) {
    int k = out.length;
    int n = 0;
    if (k > 0 && dominant != NONE) {
      out[n++] = dominant;
    }
    int skip = n;
    for (int slot = 0; slot < count; slot++) {
      if (ids[slot] == dominant || lastSpeechBucket[slot] == NEVER) {
        continue;
      }
      long key = recencyKey(slot);
      // Insertion into the sorted tail out[skip..n), keys kept beside it in scratchKeys.
      int i = n;
      while (i > skip && scratchKeys[i - 1] < key) {
        i--;
      }
      if (i >= k) {
        continue;
      }
      int end = Math.min(n, k - 1);
      for (int j = end; j > i; j--) {
        out[j] = out[j - 1];
        scratchKeys[j] = scratchKeys[j - 1];
      }
      out[i] = ids[slot];
      scratchKeys[i] = key;
      n = Math.min(n + 1, k);
    }
    return n;
  }

  /** As {@link #recentSpeakers(long[])}, as a new list of at most {@code k} ids. Allocates. */
  public List<Long> recentSpeakers(int k) {
    long[] out = new long[Math.max(0, Math.min(k, count))];
    int n = recentSpeakers(out);
    List<Long> list = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      list.add(out[i]);
    }
    return list;
  }

  // ---- the decision

  private void evaluate(long bucket) {
    roomBucket = bucket;
    for (int slot = 0; slot < count; slot++) {
      roll(slot, bucket);
    }
    if (dominant == NONE) {
      long candidate = bestTalker(NONE);
      if (candidate != NONE) {
        dominant = candidate;
        notifyChange(NONE);
      }
      return;
    }
    int dominantMedium = medium(index.get(dominant));
    long best = bestTalker(dominant);
    if (best == NONE || medium(index.get(best)) <= dominantMedium + MARGIN_BUCKETS) {
      challenger = NONE;
      return;
    }
    if (best != challenger) {
      challenger = best;
      challengerSince = bucket;
      return;
    }
    if (bucket - challengerSince >= HOLD_BUCKETS) {
      long previous = dominant;
      dominant = challenger;
      challenger = NONE;
      notifyChange(previous);
    }
  }

  /** The talking speaker other than {@code except} with the highest medium score, or NONE. */
  private long bestTalker(long except) {
    long best = NONE;
    int bestMedium = -1;
    for (int slot = 0; slot < count; slot++) {
      if (ids[slot] == except || Long.bitCount(history[slot] & SHORT_MASK) < TALKING_MIN) {
        continue;
      }
      int m = medium(slot);
      if (m > bestMedium) {
        bestMedium = m;
        best = ids[slot];
      }
    }
    return best;
  }

  /** Who follows a removed dominant speaker: the latest (then most active) to speak, or NONE. */
  private long mostActive() {
    long best = NONE;
    long bestKey = Long.MIN_VALUE;
    for (int slot = 0; slot < count; slot++) {
      if (lastSpeechBucket[slot] == NEVER) {
        continue;
      }
      long key = recencyKey(slot);
      if (key > bestKey) {
        bestKey = key;
        best = ids[slot];
      }
    }
    return best;
  }

  /** Orders by the last speech bucket, then by medium score (which fits in 6 bits). */
  private long recencyKey(int slot) {
    return (lastSpeechBucket[slot] << 6) | medium(slot);
  }

  private int medium(int slot) {
    return Long.bitCount(history[slot] & MEDIUM_MASK);
  }

  /** Completes the speaker's open bucket and any silent ones after it, up to {@code bucket}. */
  private void roll(int slot, long bucket) {
    long gap = bucket - bucketOf[slot];
    if (gap <= 0) {
      return;
    }
    int packets = packetsInBucket[slot];
    int speech = speechInBucket[slot];
    long bit = speech > 0 && speech * 2 >= packets ? 1 : 0;
    if (bit == 1) {
      lastSpeechBucket[slot] = bucketOf[slot];
    }
    history[slot] = gap >= 64 ? 0 : ((history[slot] << 1) | bit) << (gap - 1);
    bucketOf[slot] = bucket;
    packetsInBucket[slot] = 0;
    speechInBucket[slot] = 0;
  }

  private long currentBucket() {
    long bucket = Math.floorDiv(nanoClock.getAsLong() - origin, BUCKET_NANOS);
    return Math.max(bucket, roomBucket); // a clock that steps back does not rewind anyone
  }

  private void notifyChange(long previous) {
    if (previous != dominant) {
      listener.dominantSpeakerChanged(previous, dominant);
    }
  }
}
