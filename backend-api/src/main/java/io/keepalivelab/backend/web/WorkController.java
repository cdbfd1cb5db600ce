package io.keepalivelab.backend.web;

import io.keepalivelab.chain.ChainParameters;
import io.keepalivelab.chain.WorkResult;
import io.keepalivelab.chain.WorkTimer;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /work?workMs=10}: a database query of {@code workMs}, waited on a timer, not on a thread
 * ({@link WorkTimer}).
 */
@RestController
class WorkController {

	@GetMapping(path = "/work", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<WorkResult> work(@RequestParam MultiValueMap<String, String> query) {
		int workMs = ChainParameters.WORK_MS.from(query);
		return WorkTimer.after(workMs, () -> new WorkResult("backend-api", workMs));
	}
}
