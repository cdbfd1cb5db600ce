package io.keepalivelab.link;

/**
 * A snapshot of one link's counters, so tests and the admin endpoint can see how many connections
 * the clients really opened and how many bytes crossed the link.
 *
 * @param connectionsOpened   client connections accepted since the link started
 * @param connectionsActive   client connections not yet closed on both sides
 * @param bytesClientToServer bytes read from clients
 * @param bytesServerToClient bytes read from servers
 */
public record LinkStats(long connectionsOpened, long connectionsActive, long bytesClientToServer,
		long bytesServerToClient) {
}
