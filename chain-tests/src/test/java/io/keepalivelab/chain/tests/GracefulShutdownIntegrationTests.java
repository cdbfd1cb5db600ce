package io.keepalivelab.chain.tests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

import io.keepalivelab.connection.ConnectionsEndpoint;
import io.keepalivelab.lab.Chain;
import io.keepalivelab.lab.ServiceProcess;
import io.keepalivelab.lab.Stacks;
import io.keepalivelab.testsupport.Ports;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code server.shutdown: graceful} on the backend as it runs in production: SIGTERM arrives while
 * requests are being served. The requests already in flight are answered, new connections are refused,
 * and the process exits.
 */
class GracefulShutdownIntegrationTests {

	private static final int IN_FLIGHT = 4;

	/** Long enough to still be working when SIGTERM lands, well under the 10 s shutdown phase timeout. */
	private static final int WORK_MS = 4_000;

	/** A JVM that ran its shutdown hooks after SIGTERM exits with 128 + 15; Spring Boot does not change it. */
	private static final int EXIT_ON_SIGTERM = 143;

	private static final Duration LIMIT = Duration.ofSeconds(30);

	@TempDir
	Path workDir;

	@ParameterizedTest(name = "on {0}")
	@ValueSource(strings = { Stacks.NETTY, Stacks.TOMCAT })
	void sigtermAnswersTheRequestsInFlightRefusesNewConnectionsAndExits(String stack) throws Exception {
		HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		try (ServiceProcess backend = ServiceProcess.start("backend-api", workDir.resolve(stack),
				List.of("--spring.profiles.active=" + stack), "http", http)) {
			long before = inboundRequests(http, backend);
			List<CompletableFuture<HttpResponse<String>>> slow = IntStream.range(0, IN_FLIGHT)
				.mapToObj(i -> http.sendAsync(request(backend, "/work?workMs=" + WORK_MS),
						HttpResponse.BodyHandlers.ofString()))
				.toList();
			await("the backend to receive " + IN_FLIGHT + " requests",
					() -> inboundRequests(http, backend) - before == IN_FLIGHT);
			assertThat(slow).as("answered before SIGTERM").noneMatch(CompletableFuture::isDone);

			backend.terminate();

			await("the backend to refuse new connections", () -> !Ports.accepts(backend.port()));
			for (CompletableFuture<HttpResponse<String>> response : slow) {
				HttpResponse<String> answered = response.get(LIMIT.toSeconds(), TimeUnit.SECONDS);
				assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
				assertThat(answered.body()).contains("\"workMs\":" + WORK_MS);
			}
			assertThat(backend.awaitExit(LIMIT)).isEqualTo(EXIT_ON_SIGTERM);
		}
	}

	private static long inboundRequests(HttpClient http, ServiceProcess service) {
		try {
			String body = http.send(request(service, "/actuator/connections"), HttpResponse.BodyHandlers.ofString())
				.body();
			return Chain.read(body, ConnectionsEndpoint.Report.class).inbound().requests();
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot read the connections of " + service.name(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static HttpRequest request(ServiceProcess service, String pathAndQuery) {
		return HttpRequest.newBuilder(URI.create(service.baseUrl() + pathAndQuery)).timeout(LIMIT).build();
	}

	private static void await(String what, BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + LIMIT.toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
			Thread.sleep(20);
		}
	}
}
