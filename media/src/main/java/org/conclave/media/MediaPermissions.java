package org.conclave.media;

/**
 * What a peer may publish right now. The SFU forwards a track only while its source is allowed
 * here: revoking a permission stops forwarding with the next packet, whatever the browser sends.
 */
public record MediaPermissions(boolean microphone, boolean camera, boolean screen) {

  public static final MediaPermissions NONE = new MediaPermissions(false, false, false);

  public boolean allows(TrackSource source) {
    return switch (source) {
      case MICROPHONE -> microphone;
      case CAMERA -> camera;
      case SCREEN -> screen;
    };
  }
}
