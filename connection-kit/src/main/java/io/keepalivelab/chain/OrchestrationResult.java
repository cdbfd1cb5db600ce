package io.keepalivelab.chain;

import java.util.List;

import io.keepalivelab.connection.HopCall;

/** orchestration-api's answer to {@code GET /orchestrate}: one trace entry per backend call, in order. */
public record OrchestrationResult(int calls, int workMs, List<HopCall> trace) {
}
