package io.keepalivelab.chain;

/** backend-api's answer to {@code GET /work}. */
public record WorkResult(String service, int workMs) {
}
