package org.conclave.media.client;

/**
 * One m-line of a subscribe offer as a {@link ClientPeer} read it: where the node will send one
 * track, under which SSRCs and payload types.
 *
 * @param mid the m-line's mid
 * @param kind "audio" or "video"
 * @param active whether the node sends on it ({@code sendonly}); false for {@code inactive}
 * @param payloadType the media payload type (the first non-RTX codec), or -1
 * @param codec that codec's encoding name (e.g. "opus", "VP8"), or null
 * @param rtxPayloadType the RTX payload type whose {@code apt} is the media one (RFC 4588 §8), or
 *     -1
 * @param ssrc the media SSRC: the first of an {@code ssrc-group:FID}, else the first announced (RFC
 *     5576), or -1
 * @param rtxSsrc the second SSRC of the FID group, or -1
 * @param streamId the {@code a=msid} stream id, or null
 */
public record OfferedStream(
    String mid,
    String kind,
    boolean active,
    int payloadType,
    String codec,
    int rtxPayloadType,
    long ssrc,
    long rtxSsrc,
    String streamId) {}
