package io.keepalivelab.orchestration.client;

import io.keepalivelab.chain.WorkResult;
import io.keepalivelab.connection.DownstreamClient;
import io.keepalivelab.connection.Downstreams;
import io.keepalivelab.connection.Traced;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/** backend-api as orchestration-api calls it. */
@Component
public class BackendClient {

	private final DownstreamClient backend;

	BackendClient(Downstreams downstreams) {
		this.backend = downstreams.client("backend-api");
	}

	public Mono<Traced<WorkResult>> work(int workMs) {
		return backend.get("/work?workMs=" + workMs, WorkResult.class);
	}
}
