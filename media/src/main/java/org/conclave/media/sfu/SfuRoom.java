package org.conclave.media.sfu;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.conclave.media.forward.DominantSpeaker;

/**
 * One room in the node: its peers, in the order they came, who speaks, and who spoke last (most
 * recent first: the order in which cameras are chosen for last-N). Loop thread only.
 */
final class SfuRoom {
  final String id;
  final Map<String, SfuPeer> peers = new LinkedHashMap<>();
  final Map<Long, SfuPeer> byNumber = new HashMap<>();
  DominantSpeaker speaker;
  final List<SfuPeer> spoke = new ArrayList<>();
  long nextNumber = 1;

  SfuRoom(String id) {
    this.id = id;
  }
}
