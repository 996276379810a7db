package org.conclave.loadtest.media;

import java.util.List;

/**
 * The media scenarios: how each grows from one step of its sweep to the next. A step's number is
 * the scenario's load variable; {@link #grow} brings the run from the previous step to it
 * (publishing first, then subscribing, as people join a call).
 */
abstract class MediaScenario {

  final String name;
  final String variable;
  final List<Integer> defaultSteps;
  final String description;

  private MediaScenario(
      String name, String variable, List<Integer> defaultSteps, String description) {
    this.name = name;
    this.variable = variable;
    this.defaultSteps = List.copyOf(defaultSteps);
    this.description = description;
  }

  /** Brings {@code run} from {@code previous} (0 at first) to {@code step}. */
  abstract void grow(MediaRun run, int previous, int step) throws Exception;

  static final List<String> NAMES = List.of("audio-room", "meeting", "livestream", "many-rooms");

  /** The scenario of this name, or null. */
  static MediaScenario named(String name) {
    return switch (name) {
      case "audio-room" -> audioRoom(10);
      case "meeting" -> meeting();
      case "livestream" -> livestream();
      case "many-rooms" -> manyRooms();
      default -> null;
    };
  }

  /** {@code speakers} publish audio; each step adds listeners up to N, who hear all of them. */
  static MediaScenario audioRoom(int speakers) {
    return new MediaScenario(
        "audio-room",
        "listeners",
        List.of(10, 20, 40, 60),
        speakers
            + " speakers publish "
            + Traffic.AUDIO_ONLY.describe()
            + "; N listeners hear them all") {
      @Override
      void grow(MediaRun run, int previous, int step) throws Exception {
        String room = "audio-room";
        if (previous == 0) {
          run.sfu.openRoom(room);
          for (int i = 0; i < speakers; i++) {
            run.publish(room, "speaker-" + i, Traffic.AUDIO_ONLY);
          }
        }
        for (int i = previous; i < step; i++) {
          run.subscribe(room, "listener-" + i);
        }
      }
    };
  }

  private static final Traffic CAMERA = Traffic.SIMULCAST_CAMERA;
  private static final Traffic BROADCAST = Traffic.camera(Traffic.Layer.HIGH);

  /**
   * K participants each publish audio and a simulcast camera (three encodings) and receive everyone
   * else (audio and the highest encoding); a fresh room per step, as nobody joins a meeting of 8 by
   * renegotiating into one of 6.
   */
  static MediaScenario meeting() {
    return new MediaScenario(
        "meeting",
        "participants",
        List.of(2, 4, 6, 8),
        "K participants each publish " + CAMERA.describe() + " and receive all others (K x K)") {
      @Override
      void grow(MediaRun run, int previous, int step) throws Exception {
        if (previous > 0) {
          run.leave("meeting-" + previous);
        }
        everyoneSeesEveryone(run, "meeting-" + step, step);
      }
    };
  }

  /** One broadcaster publishes audio and the 2.5 Mbps layer; each step adds viewers up to N. */
  static MediaScenario livestream() {
    return new MediaScenario(
        "livestream",
        "viewers",
        List.of(5, 10, 20, 30),
        "1 broadcaster publishes " + BROADCAST.describe() + "; N viewers receive it") {
      @Override
      void grow(MediaRun run, int previous, int step) throws Exception {
        String room = "livestream";
        if (previous == 0) {
          run.sfu.openRoom(room);
          run.publish(room, "broadcaster", BROADCAST);
        }
        for (int i = previous; i < step; i++) {
          run.subscribe(room, "viewer-" + i);
        }
      }
    };
  }

  /** R rooms of 4, each a small meeting (audio and a simulcast camera, everyone receives all). */
  static MediaScenario manyRooms() {
    return new MediaScenario(
        "many-rooms",
        "rooms",
        List.of(1, 2, 3, 4),
        "R rooms of 4 participants, each publishing "
            + CAMERA.describe()
            + " and receiving the other 3") {
      @Override
      void grow(MediaRun run, int previous, int step) throws Exception {
        for (int r = previous; r < step; r++) {
          everyoneSeesEveryone(run, "room-" + r, 4);
        }
      }
    };
  }

  /**
   * Opens {@code room} with {@code people} participants who each publish {@link #CAMERA} and then
   * receive all the others.
   */
  private static void everyoneSeesEveryone(MediaRun run, String room, int people) throws Exception {
    run.sfu.openRoom(room);
    for (int i = 0; i < people; i++) {
      run.publish(room, "p" + i, CAMERA);
    }
    for (int i = 0; i < people; i++) {
      run.subscribe(room, "p" + i);
    }
  }
}
