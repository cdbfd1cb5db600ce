package io.keepalivelab.connection;

import java.time.Duration;
import java.util.Map;

/**
 * Which connections a service's server keeps and what it closed, in terms both stacks share, with the
 * stack's own settings beside them under their property names.
 *
 * @param idleTimeout the server closes a connection idle this long between requests; null for never
 * @param maxKeepAliveRequests the server closes a connection after this many responses; null for no limit
 * @param settings the stack's settings in force, keyed by the property that sets each, with the server's
 * real defaults where nothing set them
 * @param open connections the server holds open now, whatever they carried
 * @param idle open connections without a request in flight
 * @param evicted idle connections closed to get back to a soft limit
 * @param refused connections closed as soon as accepted, at a hard limit
 * @param closedIdle connections closed by the idle timeout
 * @param closedAtRequestLimit connections closed after their last allowed response
 */
public record InboundPolicy(Duration idleTimeout, Integer maxKeepAliveRequests, Map<String, Object> settings,
		long open, long idle, long evicted, long refused, long closedIdle, long closedAtRequestLimit) {
}
