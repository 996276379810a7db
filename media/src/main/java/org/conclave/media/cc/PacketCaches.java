package org.conclave.media.cc;

import java.util.function.LongSupplier;
import org.conclave.media.rtp.RtpHeader;

/**
 * The {@link PacketCache}s of many streams, found by SSRC, at most {@code maxStreams} of them.
 * Streams are added and removed explicitly by whoever knows them (the forwarding layer, when a
 * track is published or gone): an RTP packet for an unknown SSRC never creates a cache, so garbage
 * cannot make the node allocate rings.
 *
 * <p>Lookups go through an open-addressing table keyed by the primitive SSRC (linear probing,
 * deletion by shifting back the entries that follow), so {@link #insert}, {@link #get(long, int,
 * byte[], int)} and {@link #cache} allocate nothing — a {@code Map<Long, ...>} would box most SSRCs
 * on every packet. {@link #add} allocates the new cache's ring.
 *
 * <p>Not thread-safe, like the caches it holds: one thread — the forwarding loop that sends these
 * streams and handles their NACKs — calls every method except {@link #counters()}, which any thread
 * may call.
 */
public final class PacketCaches {

  /**
   * A snapshot of the counters of the set itself (each cache has its own).
   *
   * @param refusedFull {@link #add} calls refused because {@code maxStreams} caches exist
   * @param unknownSsrc packets inserted or asked for whose SSRC has no cache, or that are not RTP
   */
  public record Counters(long refusedFull, long unknownSsrc) {}

  private final int maxStreams;
  private final PacketCache.Settings settings;
  private final LongSupplier nanoTime;
  private final long[] keys;
  private final PacketCache[] values;
  private final int tableMask;
  private int size;

  private volatile long refusedFull;
  private volatile long unknownSsrc;

  /**
   * An empty set.
   *
   * @param maxStreams the most caches held at once: 1 to 65,536
   * @param settings the settings of every cache
   * @param nanoTime the monotonic clock every cache reads, such as {@code System::nanoTime}
   */
  public PacketCaches(int maxStreams, PacketCache.Settings settings, LongSupplier nanoTime) {
    if (maxStreams < 1 || maxStreams > 65_536) {
      throw new IllegalArgumentException(
          "packet caches max streams must be 1 to 65536, not " + maxStreams);
    }
    if (settings == null || nanoTime == null) {
      throw new NullPointerException("settings and nanoTime are required");
    }
    this.maxStreams = maxStreams;
    this.settings = settings;
    this.nanoTime = nanoTime;
    // At most half full, so probe runs stay short.
    int tableSize = Integer.highestOneBit(maxStreams * 2 - 1) << 1;
    this.keys = new long[tableSize];
    this.values = new PacketCache[tableSize];
    this.tableMask = tableSize - 1;
  }

  /**
   * The cache for this SSRC, created empty when there is none; null (and counted) when {@code
   * maxStreams} caches already exist.
   */
  public PacketCache add(long ssrc) {
    long key = ssrc & 0xFFFF_FFFFL;
    int at = find(key);
    if (values[at] != null) {
      return values[at];
    }
    if (size >= maxStreams) {
      refusedFull++;
      return null;
    }
    PacketCache cache = new PacketCache(key, settings, nanoTime);
    keys[at] = key;
    values[at] = cache;
    size++;
    return cache;
  }

  /** The cache for this SSRC, or null. Allocates nothing. */
  public PacketCache cache(long ssrc) {
    return values[find(ssrc & 0xFFFF_FFFFL)];
  }

  /** Drops the cache for this SSRC; answers whether there was one. Allocates nothing. */
  public boolean remove(long ssrc) {
    int at = find(ssrc & 0xFFFF_FFFFL);
    if (values[at] == null) {
      return false;
    }
    values[at] = null;
    size--;
    // Shift back every entry of the probe run after the hole whose home lies at or before it,
    // so that no lookup stops early at the hole.
    int hole = at;
    for (int i = (at + 1) & tableMask; values[i] != null; i = (i + 1) & tableMask) {
      int home = home(keys[i]);
      if (((i - home) & tableMask) >= ((i - hole) & tableMask)) {
        keys[hole] = keys[i];
        values[hole] = values[i];
        values[i] = null;
        hole = i;
      }
    }
    return true;
  }

  /** How many caches are held. */
  public int size() {
    return size;
  }

  /**
   * Inserts an RTP packet into the cache of its SSRC (see {@link PacketCache#insert}); false when
   * there is no such cache (counted here) or that cache refuses it (counted there).
   */
  public boolean insert(byte[] buf, int off, int len) {
    if (!RtpHeader.looksLikeRtp(buf, off, len)) {
      unknownSsrc++;
      return false;
    }
    PacketCache cache = cache(RtpHeader.ssrc(buf, off));
    if (cache == null) {
      unknownSsrc++;
      return false;
    }
    return cache.insert(buf, off, len);
  }

  /**
   * Copies a cached packet of this SSRC out to be resent (see {@link PacketCache#get}); {@link
   * PacketCache#MISS} when there is no cache for the SSRC (counted here) or the cache has no packet
   * to give (counted there).
   */
  public int get(long ssrc, int sequenceNumber, byte[] dst, int dstOff) {
    PacketCache cache = cache(ssrc);
    if (cache == null) {
      unknownSsrc++;
      return PacketCache.MISS;
    }
    return cache.get(sequenceNumber, dst, dstOff);
  }

  /** A snapshot of the set's own counters; may be called from any thread. */
  public Counters counters() {
    return new Counters(refusedFull, unknownSsrc);
  }

  /** The slot holding this key, or the empty slot where it would go. */
  private int find(long key) {
    int i = home(key);
    while (values[i] != null && keys[i] != key) {
      i = (i + 1) & tableMask;
    }
    return i;
  }

  private int home(long key) {
    // SSRCs are random (RFC 3550 §8.1), but mix anyway so chosen ones do not cluster.
    long h = key * 0x9E37_79B9_7F4A_7C15L;
    return (int) (h >>> 32) & tableMask;
  }
}
