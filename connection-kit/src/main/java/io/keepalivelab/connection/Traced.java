package io.keepalivelab.connection;

/** A downstream response body with the trace of the call that fetched it. */
public record Traced<T>(T body, HopCall call) {
}
