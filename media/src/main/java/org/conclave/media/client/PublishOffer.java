package org.conclave.media.client;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.conclave.media.TrackSource;

/**
 * A publish offer made by {@link ClientPeer#publishOffer}: the SDP, the mid of each source in the
 * order given, and the map {@link org.conclave.media.MediaNode#publish} wants (mid → source).
 */
public record PublishOffer(String sdp, List<String> mids, Map<String, TrackSource> sources) {

  public PublishOffer {
    mids = List.copyOf(mids);
    sources = Collections.unmodifiableMap(new LinkedHashMap<>(sources));
  }

  /**
   * The offer for {@code sources}, whose mids are "0", "1", ... in order (as ClientSdp writes): one
   * per track, so the simulcast encodings of one track share its mid.
   */
  static PublishOffer of(String sdp, List<Source> sources) {
    List<String> mids = new ArrayList<>();
    Map<String, TrackSource> bySource = new LinkedHashMap<>();
    int next = -1;
    for (int i = 0; i < sources.size(); i++) {
      if (i == 0 || !sameTrack(sources.get(i - 1), sources.get(i))) {
        next++;
      }
      mids.add(String.valueOf(next));
      bySource.put(String.valueOf(next), sources.get(i).source());
    }
    return new PublishOffer(sdp, mids, bySource);
  }

  /** Whether two consecutive sources are encodings of one simulcast track. */
  static boolean sameTrack(Source a, Source b) {
    return a.rid() != null && b.rid() != null && a.trackId().equals(b.trackId());
  }

  /** The mid of each source's SSRC. */
  Map<Long, String> midsBySsrc(List<Source> sources) {
    Map<Long, String> out = new LinkedHashMap<>();
    for (int i = 0; i < sources.size(); i++) {
      out.put(sources.get(i).ssrc(), mids.get(i));
    }
    return out;
  }
}
