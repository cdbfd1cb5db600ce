package io.keepalivelab.probe;

import java.io.IOException;
import java.util.function.Consumer;

import io.keepalivelab.probe.ProbeReport.RequestLimit;

/**
 * Sends requests one after another on one connection until the server ends it (a {@code Connection: close} header
 * or a closed connection) or the bound is reached: that count is the server's maximum requests per connection.
 */
final class RequestLimitSearch {

	private static final int PROGRESS_EVERY = 100;

	private final Connector connector;

	private final String request;

	private final Budget budget;

	private final Consumer<String> progress;

	RequestLimitSearch(Connector connector, Target target, Budget budget, Consumer<String> progress) {
		this.connector = connector;
		this.request = target.get("HTTP/1.1");
		this.budget = budget;
		this.progress = progress;
	}

	RequestLimit run(int bound) throws IOException {
		try (HttpConnection connection = this.connector.open()) {
			long opened = System.nanoTime();
			int served = 0;
			while (served < bound && !this.budget.exhausted()) {
				long start = System.nanoTime();
				HttpResponse response;
				try {
					response = connection.exchange(this.request);
				}
				catch (IOException closed) {
					if (served == 0) {
						throw closed;
					}
					return new RequestLimit(served, true, false, bound, age(opened));
				}
				if (served > 0) {
					this.connector.costs.reusedRequest(System.nanoTime() - start);
				}
				served++;
				if (response.announcesClose()) {
					return new RequestLimit(served, true, true, bound, age(opened));
				}
				if (served % PROGRESS_EVERY == 0) {
					this.progress.accept("request limit: " + served + " requests on one connection so far");
				}
			}
			return new RequestLimit(served, false, false, bound, age(opened));
		}
	}

	private static double age(long openedNanos) {
		return ProbeReport.round((System.nanoTime() - openedNanos) / 1e9);
	}

}
