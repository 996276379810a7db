package org.conclave.media.sfu;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.conclave.media.forward.DominantSpeaker;

/** One room in the node: its peers, in the order they came, and who speaks. Loop thread only. */
final class SfuRoom {
  final String id;
  final Map<String, SfuPeer> peers = new LinkedHashMap<>();
  final Map<Long, SfuPeer> byNumber = new HashMap<>();
  DominantSpeaker speaker;
  long nextNumber = 1;

  SfuRoom(String id) {
    this.id = id;
  }
}
