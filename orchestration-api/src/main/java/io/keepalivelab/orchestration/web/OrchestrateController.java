package io.keepalivelab.orchestration.web;

import io.keepalivelab.chain.ChainParameters;
import io.keepalivelab.chain.OrchestrationResult;
import io.keepalivelab.chain.RequestEventLoop;
import io.keepalivelab.connection.Traced;
import io.keepalivelab.orchestration.client.BackendClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /orchestrate?calls=2&workMs=10}: {@code calls} backend calls, each sent after the previous
 * one answered, as an orchestration that needs one result to ask for the next.
 */
@RestController
class OrchestrateController {

	private final BackendClient backend;

	OrchestrateController(BackendClient backend) {
		this.backend = backend;
	}

	@GetMapping(path = "/orchestrate", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<OrchestrationResult> orchestrate(@RequestParam MultiValueMap<String, String> query) {
		int calls = ChainParameters.CALLS.from(query);
		int workMs = ChainParameters.WORK_MS.from(query);
		ChainParameters.requireTotalWorkWithinBound(calls, workMs);
		return RequestEventLoop.answerOn(Flux.range(0, calls)
			.concatMap(call -> backend.work(workMs))
			.map(Traced::call)
			.collectList()
			.map(trace -> new OrchestrationResult(calls, workMs, trace)));
	}
}
