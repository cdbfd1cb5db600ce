package io.keepalivelab.publicapi.web;

import java.util.ArrayList;
import java.util.List;

import io.keepalivelab.chain.ChainParameters;
import io.keepalivelab.chain.ChainResult;
import io.keepalivelab.chain.RequestEventLoop;
import io.keepalivelab.connection.HopCall;
import io.keepalivelab.publicapi.client.OrchestrationClient;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/chain?calls=2&workMs=10}: runs the chain once and returns the trace of every hop. */
@RestController
class ChainController {

	private final OrchestrationClient orchestration;

	ChainController(OrchestrationClient orchestration) {
		this.orchestration = orchestration;
	}

	@GetMapping(path = "/api/chain", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ChainResult> chain(@RequestParam MultiValueMap<String, String> query) {
		int calls = ChainParameters.CALLS.from(query);
		int workMs = ChainParameters.WORK_MS.from(query);
		ChainParameters.requireTotalWorkWithinBound(calls, workMs);
		return RequestEventLoop.answerOn(orchestration.orchestrate(calls, workMs).map(traced -> {
			List<HopCall> trace = new ArrayList<>();
			trace.add(traced.call());
			trace.addAll(traced.body().trace());
			return ChainResult.of(calls, workMs, traced.call().durationMs(), trace);
		}));
	}
}
