package io.keepalivelab.connection;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;

import io.keepalivelab.connection.OutboundConnections.ConnectionUse;
import io.micrometer.observation.ObservationRegistry;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.timeout.ReadTimeoutException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.channel.AbortedException;
import reactor.netty.http.client.PrematureCloseException;
import reactor.netty.resources.ConnectionProvider;
import reactor.util.context.Context;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;

/**
 * Calls one downstream the way the active reuse mode says: on one shared pooled client, or on a client
 * and pool built for the call and disposed after it (see {@link OutboundConnections#poolPerCall()}). Every
 * call returns its trace entry; every failure becomes a {@link DownstreamException} naming the hop.
 * <p>
 * A pooled connection can die while idle: the server closed it, or a middlebox forgot it, just as the
 * next request was written. An idempotent call that went out on a reused connection and got no answer
 * because that connection closed or was reset is sent again, on another connection; the pool may hand out
 * another one that died the same way (a NAT or a frozen process takes them all at once), so it is sent
 * again until it goes out on a new connection, at most once per connection the pool holds. Nothing else is
 * retried: not a timeout (the downstream may still be working), not a non-idempotent call (the downstream
 * may have acted on it), not a failure on a new connection (that is the downstream failing, not a stale
 * connection). The no-reuse and client-per-request modes never reuse a connection, so they never retry.
 */
// Reference: https://www.rfc-editor.org/rfc/rfc9110#section-9.2.2
public final class DownstreamClient implements AutoCloseable {

	private static final Log log = LogFactory.getLog(DownstreamClient.class);

	private static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.PUT,
			HttpMethod.DELETE, HttpMethod.OPTIONS, HttpMethod.TRACE);

	private final String name;

	private final String hop;

	private final DownstreamProperties.Downstream target;

	private final OutboundConnections connections;

	private final WebClient.Builder webClientBuilder;

	private final ConnectionProvider sharedPool;

	private final WebClient sharedClient;

	public DownstreamClient(String caller, String name, DownstreamProperties.Downstream target,
			OutboundConnections connections, WebClient.Builder webClientBuilder) {
		this.name = name;
		this.hop = caller + " -> " + name;
		this.target = target;
		this.connections = connections;
		this.webClientBuilder = webClientBuilder;
		if (connections.poolPerCall()) {
			this.sharedPool = null;
			this.sharedClient = null;
		}
		else {
			this.sharedPool = connections.newPool(name);
			this.sharedClient = webClient(sharedPool);
			if (connections.properties().keepAlive()) {
				IdleRules.broken(name, connections.properties().pool(), target).forEach(log::warn);
			}
		}
	}

	/** GETs {@code pathAndQuery} from the downstream and decodes the body. */
	public <T> Mono<Traced<T>> get(String pathAndQuery, Class<T> bodyType) {
		return exchange(HttpMethod.GET, pathAndQuery, bodyType);
	}

	/** Sends a {@code method} request without a body to {@code pathAndQuery} and decodes the response body. */
	public <T> Mono<Traced<T>> exchange(HttpMethod method, String pathAndQuery, Class<T> bodyType) {
		Mono<Traced<T>> call = (sharedClient != null) ? firstAttempt(sharedClient, method, pathAndQuery, bodyType)
				: Mono.usingWhen(Mono.fromSupplier(() -> connections.newPool(name)),
						pool -> firstAttempt(webClient(pool), method, pathAndQuery, bodyType),
						ConnectionProvider::disposeLater);
		return call.onErrorMap(ex -> !(ex instanceof DownstreamException), ex -> failure(ex, null));
	}

	private <T> Mono<Traced<T>> firstAttempt(WebClient client, HttpMethod method, String pathAndQuery,
			Class<T> bodyType) {
		return Mono.defer(() -> attempt(client, method, pathAndQuery, bodyType, System.nanoTime(), 0));
	}

	/** @param retries how many times the call was sent before, each time on a reused connection that died */
	private <T> Mono<Traced<T>> attempt(WebClient client, HttpMethod method, String pathAndQuery, Class<T> bodyType,
			long start, int retries) {
		return Mono.defer(() -> {
			ConnectionUse use = new ConnectionUse();
			Mono<Traced<T>> call = client.method(method)
				.uri(pathAndQuery)
				.retrieve()
				.toEntity(bodyType)
				// A caller that gives up (its own client reset the request) cancels from its own event loop; on
				// HTTP/2 that raced the connection's loop into releasing a DATA frame's buffer twice.
				.cancelOn(Schedulers.fromExecutor(use.onItsEventLoop()))
				.map(entity -> new Traced<>(entity.getBody(),
						new HopCall(hop, target.baseUrl().resolve(pathAndQuery).toString(),
								entity.getStatusCode().value(), (System.nanoTime() - start) / 1e6, use.connection(),
								use.localPort(), use.protocol(), use.tlsVersion(), use.tlsResumed(),
								connections.mode().name(), retries > 0)))
				.contextWrite(Context.of(ConnectionUse.class, use));
			// each dead connection leaves the pool as it fails, so by then a new one is made at the latest
			if (retries < connections.properties().pool().maxConnections()
					&& connections.properties().retryDeadConnections() && IDEMPOTENT.contains(method)) {
				call = call.onErrorResume(ex -> use.reusedWithoutAnswer() && connectionDied(ex), dead -> {
					connections.countRetry(name);
					return attempt(client, method, pathAndQuery, bodyType, start, retries + 1);
				});
			}
			return call.onErrorMap(ex -> !(ex instanceof DownstreamException), ex -> failure(ex, use));
		});
	}

	private WebClient webClient(ConnectionProvider pool) {
		return webClientBuilder.clone()
			// Spring's http.client.requests observation: nothing reads it (the report and the dashboard read the
			// Reactor Netty client's own timers, which name the hop), and it held 4.2-4.5 % of the calling
			// services' CPU samples in a profile at one request in flight (docs/results.md).
			.observationRegistry(ObservationRegistry.NOOP)
			.baseUrl(target.baseUrl().toString())
			.clientConnector(new ReactorClientHttpConnector(connections.newHttpClient(name, target, pool)))
			.build();
	}

	/** @param use what the call learned of its connection; null if the failure came outside any attempt */
	private DownstreamException failure(Throwable ex, ConnectionUse use) {
		if (ex instanceof WebClientResponseException response) {
			return answeredWithError(response);
		}
		if (causedBy(ex, ReadTimeoutException.class)) {
			return new DownstreamException(HttpStatus.GATEWAY_TIMEOUT, hop,
					name + " did not answer within " + target.responseTimeout().toMillis() + " ms", ex);
		}
		if (causedBy(ex, ConnectTimeoutException.class)) {
			return new DownstreamException(HttpStatus.GATEWAY_TIMEOUT, hop,
					"no connection to " + name + " at " + target.baseUrl() + " within the connect timeout", ex);
		}
		if (use != null && !use.sent() && !causedBy(ex, IOException.class)) {
			return poolRefused(ex);
		}
		if (connectionDied(ex)) {
			return new DownstreamException(HttpStatus.BAD_GATEWAY, hop,
					"the connection to " + name + " at " + target.baseUrl() + " closed under the call: "
							+ rootMessage(ex),
					ex);
		}
		return new DownstreamException(HttpStatus.BAD_GATEWAY, hop,
				"cannot reach " + name + " at " + target.baseUrl() + ": " + rootMessage(ex), ex);
	}

	/**
	 * Nothing was sent and no connection failed: the pool gave none. Reactor Netty's pool fails an acquire
	 * with a {@link TimeoutException} after pending-acquire-timeout, and at once when pending-acquire-max-count
	 * calls already wait.
	 */
	private DownstreamException poolRefused(Throwable ex) {
		ClientProperties.Pool pool = connections.properties().pool();
		if (causedBy(ex, TimeoutException.class)) {
			return new DownstreamException(HttpStatus.SERVICE_UNAVAILABLE, hop, "no free connection to " + name
					+ " within pending-acquire-timeout (" + pool.pendingAcquireTimeout().toMillis()
					+ " ms): the pool is exhausted", ex);
		}
		return new DownstreamException(HttpStatus.SERVICE_UNAVAILABLE, hop,
				"no free connection to " + name + ": all max-connections (" + pool.maxConnections()
						+ ") are busy and pending-acquire-max-count (" + pool.pendingAcquireMaxCount()
						+ ") calls are already waiting",
				ex);
	}

	/**
	 * A downstream that failed itself names the hop where the failure started; keep that hop, and keep
	 * 504 when the cause was a timeout further down and 503 when a pool further down was exhausted.
	 */
	private DownstreamException answeredWithError(WebClientResponseException response) {
		HttpStatus status = switch (response.getStatusCode().value()) {
			case 503 -> HttpStatus.SERVICE_UNAVAILABLE;
			case 504 -> HttpStatus.GATEWAY_TIMEOUT;
			default -> HttpStatus.BAD_GATEWAY;
		};
		Map<?, ?> problem = problemOf(response);
		if (problem.get("hop") instanceof String failedHop && problem.get("detail") instanceof String detail) {
			return new DownstreamException(status, failedHop, detail, response);
		}
		return new DownstreamException(status, hop, name + " answered " + response.getStatusCode().value(),
				response);
	}

	private static Map<?, ?> problemOf(WebClientResponseException response) {
		try {
			Map<?, ?> body = response.getResponseBodyAs(Map.class);
			return body == null ? Map.of() : body;
		}
		catch (RuntimeException notJson) {
			return Map.of();
		}
	}

	/** The connection closed under the call, politely or with a reset. */
	private static boolean connectionDied(Throwable ex) {
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (t instanceof PrematureCloseException || AbortedException.isConnectionReset(t)) {
				return true;
			}
		}
		return false;
	}

	private static boolean causedBy(Throwable ex, Class<? extends Throwable> type) {
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (type.isInstance(t)) {
				return true;
			}
		}
		return false;
	}

	private static String rootMessage(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null) {
			root = root.getCause();
		}
		return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
	}

	@Override
	public String toString() {
		return name + " at " + target.baseUrl();
	}

	@Override
	public void close() {
		if (sharedPool != null) {
			sharedPool.dispose();
		}
	}
}
