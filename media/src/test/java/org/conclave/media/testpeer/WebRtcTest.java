package org.conclave.media.testpeer;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class that runs real WebRTC peers ({@link WebRtcPeer}). It is tagged {@code webrtc},
 * so only Surefire's {@code webrtc} execution runs it, in a JVM inside a loopback-only network
 * namespace (media/pom.xml, docs/media-testing.md); and {@link WebRtcTestExtension} checks that
 * namespace first and disposes libwebrtc after the last test.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("webrtc")
@ExtendWith(WebRtcTestExtension.class)
public @interface WebRtcTest {}
