package io.keepalivelab.chain.tests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.keepalivelab.connection.ConnectionsEndpoint;
import tools.jackson.databind.json.JsonMapper;

/**
 * The three services started as processes and wired to each other: backend first, then each caller
 * pointed at the port its downstream bound. Closing it stops all three.
 */
final class Chain implements AutoCloseable {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	final ServiceProcess backend;

	final ServiceProcess orchestration;

	final ServiceProcess publicApi;

	private Chain(ServiceProcess backend, ServiceProcess orchestration, ServiceProcess publicApi) {
		this.backend = backend;
		this.orchestration = orchestration;
		this.publicApi = publicApi;
	}

	/** Starts the chain with {@code profiles} active on every service and {@code args} given to each. */
	static Chain start(Path workDir, String profiles, String... args) {
		List<ServiceProcess> started = new ArrayList<>();
		try {
			ServiceProcess backend = start("backend-api", workDir, profiles, args, null, started);
			ServiceProcess orchestration = start("orchestration-api", workDir, profiles, args,
					"--keepalive-lab.downstreams.backend-api.base-url=" + backend.baseUrl(), started);
			ServiceProcess publicApi = start("public-api", workDir, profiles, args,
					"--keepalive-lab.downstreams.orchestration-api.base-url=" + orchestration.baseUrl(), started);
			return new Chain(backend, orchestration, publicApi);
		}
		catch (RuntimeException ex) {
			started.forEach(ServiceProcess::close);
			throw ex;
		}
	}

	private static ServiceProcess start(String service, Path workDir, String profiles, String[] args, String downstream,
			List<ServiceProcess> started) {
		List<String> all = new ArrayList<>(List.of("--spring.profiles.active=" + profiles));
		all.addAll(List.of(args));
		if (downstream != null) {
			all.add(downstream);
		}
		ServiceProcess process = ServiceProcess.start(service, workDir, all);
		started.add(process);
		return process;
	}

	/** GETs a path of public-api on a kept-alive connection. */
	HttpResponse<String> get(String pathAndQuery) {
		return get(publicApi, pathAndQuery);
	}

	HttpResponse<String> get(ServiceProcess service, String pathAndQuery) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(service.baseUrl() + pathAndQuery))
			.timeout(Duration.ofSeconds(30))
			.build();
		try {
			return http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException("GET " + pathAndQuery + " on " + service.name() + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	ConnectionsEndpoint.Report connections(ServiceProcess service) {
		return read(get(service, "/actuator/connections").body(), ConnectionsEndpoint.Report.class);
	}

	static <T> T read(String body, Class<T> type) {
		return json.readValue(body, type);
	}

	@Override
	public void close() {
		publicApi.close();
		orchestration.close();
		backend.close();
	}
}
