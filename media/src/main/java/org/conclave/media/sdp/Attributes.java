package org.conclave.media.sdp;

import java.util.ArrayList;
import java.util.List;

/** Lookups over attribute lists, shared by session and media level. */
final class Attributes {

  private Attributes() {}

  static String first(List<Attribute> attributes, String name) {
    for (Attribute a : attributes) {
      if (a.name().equals(name)) {
        return a.value();
      }
    }
    return null;
  }

  static boolean has(List<Attribute> attributes, String name) {
    for (Attribute a : attributes) {
      if (a.name().equals(name)) {
        return true;
      }
    }
    return false;
  }

  static List<String> all(List<Attribute> attributes, String name) {
    List<String> out = new ArrayList<>();
    for (Attribute a : attributes) {
      if (a.name().equals(name) && a.value() != null) {
        out.add(a.value());
      }
    }
    return out;
  }
}
