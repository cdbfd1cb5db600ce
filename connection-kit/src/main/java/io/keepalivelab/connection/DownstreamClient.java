package io.keepalivelab.connection;

import java.util.Map;
import java.util.concurrent.TimeoutException;

import io.keepalivelab.connection.OutboundConnections.ConnectionUse;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.timeout.ReadTimeoutException;
import reactor.core.publisher.Mono;
import reactor.netty.internal.shaded.reactor.pool.PoolAcquireTimeoutException;
import reactor.netty.resources.ConnectionProvider;
import reactor.util.context.Context;

import org.springframework.http.HttpStatus;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;

/**
 * Calls one downstream the way the active reuse mode says: on one shared pooled client, or on a client
 * and pool built for the call and disposed after it (see {@link OutboundConnections#poolPerCall()}). Every call returns its trace entry; every failure
 * becomes a {@link DownstreamException} naming the hop.
 */
public final class DownstreamClient implements AutoCloseable {

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
		}
	}

	/** GETs {@code pathAndQuery} from the downstream and decodes the body. */
	public <T> Mono<Traced<T>> get(String pathAndQuery, Class<T> bodyType) {
		Mono<Traced<T>> call = (sharedClient != null) ? get(sharedClient, pathAndQuery, bodyType)
				: Mono.usingWhen(Mono.fromSupplier(() -> connections.newPool(name)),
						pool -> get(webClient(pool), pathAndQuery, bodyType), ConnectionProvider::disposeLater);
		return call.onErrorMap(ex -> !(ex instanceof DownstreamException), this::failure);
	}

	private <T> Mono<Traced<T>> get(WebClient client, String pathAndQuery, Class<T> bodyType) {
		return Mono.defer(() -> {
			long start = System.nanoTime();
			ConnectionUse use = new ConnectionUse();
			return client.get()
				.uri(pathAndQuery)
				.retrieve()
				.toEntity(bodyType)
				.map(entity -> new Traced<>(entity.getBody(),
						new HopCall(hop, target.baseUrl().resolve(pathAndQuery).toString(),
								entity.getStatusCode().value(), (System.nanoTime() - start) / 1e6, use.connection(),
								use.localPort(), use.protocol(), use.tlsVersion(), use.tlsResumed(), connections.mode().name())))
				.contextWrite(Context.of(ConnectionUse.class, use));
		});
	}

	private WebClient webClient(ConnectionProvider pool) {
		return webClientBuilder.clone()
			.baseUrl(target.baseUrl().toString())
			.clientConnector(new ReactorClientHttpConnector(connections.newHttpClient(name, target, pool)))
			.build();
	}

	private DownstreamException failure(Throwable ex) {
		if (ex instanceof WebClientResponseException response) {
			return answeredWithError(response);
		}
		if (causedBy(ex, ReadTimeoutException.class) || causedBy(ex, TimeoutException.class)) {
			return new DownstreamException(HttpStatus.GATEWAY_TIMEOUT, hop,
					name + " did not answer within " + target.responseTimeout().toMillis() + " ms", ex);
		}
		if (causedBy(ex, ConnectTimeoutException.class)) {
			return new DownstreamException(HttpStatus.GATEWAY_TIMEOUT, hop,
					"no connection to " + name + " at " + target.baseUrl() + " within the connect timeout", ex);
		}
		if (causedBy(ex, PoolAcquireTimeoutException.class)) {
			return new DownstreamException(HttpStatus.SERVICE_UNAVAILABLE, hop,
					"no free connection to " + name + " in time: the pool is exhausted", ex);
		}
		return new DownstreamException(HttpStatus.BAD_GATEWAY, hop,
				"cannot reach " + name + " at " + target.baseUrl() + ": " + rootMessage(ex), ex);
	}

	/**
	 * A downstream that failed itself names the hop where the failure started; keep that hop, and keep
	 * 504 when the cause was a timeout further down.
	 */
	private DownstreamException answeredWithError(WebClientResponseException response) {
		HttpStatus status = response.getStatusCode().value() == HttpStatus.GATEWAY_TIMEOUT.value()
				? HttpStatus.GATEWAY_TIMEOUT : HttpStatus.BAD_GATEWAY;
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
