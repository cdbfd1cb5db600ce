package io.keepalivelab.link;

/**
 * A snapshot of one link's counters, so tests and the admin endpoint can see how many connections
 * the clients really opened, how many bytes crossed the link, and what its faults did.
 *
 * @param connectionsOpened   client connections accepted since the link started
 * @param connectionsActive   client connections not yet closed on both sides
 * @param bytesClientToServer bytes read from clients to carry to servers
 * @param bytesServerToClient bytes read from servers to carry to clients
 * @param connectionsDropped  connections forgotten by idle-drop
 * @param connectionsReset    connections reset by the reset fault (now or after bytes)
 * @param freezes             times the link froze (extending a freeze in progress is not a new one)
 * @param bytesDiscarded      bytes either side sent on a forgotten connection, thrown away
 */
public record LinkStats(long connectionsOpened, long connectionsActive, long bytesClientToServer,
		long bytesServerToClient, long connectionsDropped, long connectionsReset, long freezes, long bytesDiscarded) {
}
