package org.conclave.media.client;

/**
 * A {@link ClientPeer}'s counters since it was made.
 *
 * @param packetsOut datagrams (or ICE-TCP frames) sent, of every kind
 * @param bytesOut their bytes
 * @param packetsIn datagrams (or frames) received from the node
 * @param bytesIn their bytes
 * @param checksSent ICE connectivity and consent checks sent
 * @param checkResponses valid Binding success responses to them
 * @param rtpSent SRTP packets sent
 * @param rtcpSent SRTCP packets sent
 * @param rtpReceived RTP packets received, decrypted and parsed
 * @param rtcpReceived RTCP compound packets received, decrypted and parsed
 * @param srtpFailures SRTP/SRTCP packets that failed to decrypt or parse
 * @param dropped other packets dropped (unknown first byte, STUN that is not an answer to us,
 *     datagrams from elsewhere, media before keys)
 * @param queueOverflows received packets not queued because the queue was full
 * @param sendFailures packets the socket refused (or with no path yet)
 * @param listenerErrors exceptions thrown by the RTP or RTCP listener
 * @param dtlsHandshakes DTLS handshakes completed: 1 for a connected peer, whatever ICE did
 */
public record PeerCounters(
    long packetsOut,
    long bytesOut,
    long packetsIn,
    long bytesIn,
    long checksSent,
    long checkResponses,
    long rtpSent,
    long rtcpSent,
    long rtpReceived,
    long rtcpReceived,
    long srtpFailures,
    long dropped,
    long queueOverflows,
    long sendFailures,
    long listenerErrors,
    int dtlsHandshakes) {}
