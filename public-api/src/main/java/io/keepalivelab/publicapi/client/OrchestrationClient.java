package io.keepalivelab.publicapi.client;

import io.keepalivelab.chain.OrchestrationResult;
import io.keepalivelab.connection.DownstreamClient;
import io.keepalivelab.connection.Downstreams;
import io.keepalivelab.connection.Traced;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/** orchestration-api as public-api calls it. */
@Component
public class OrchestrationClient {

	private final DownstreamClient orchestration;

	OrchestrationClient(Downstreams downstreams) {
		this.orchestration = downstreams.client("orchestration-api");
	}

	public Mono<Traced<OrchestrationResult>> orchestrate(int calls, int workMs) {
		return orchestration.get("/orchestrate?calls=" + calls + "&workMs=" + workMs, OrchestrationResult.class);
	}
}
