package io.keepalivelab.chain.tests;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import io.keepalivelab.connection.ConnectionsEndpoint;
import io.keepalivelab.testsupport.Certificates;
import tools.jackson.databind.json.JsonMapper;

/**
 * The three services started as processes and wired to each other: backend first, then each caller
 * pointed at the port its downstream bound. Closing it stops all three.
 */
final class Chain implements AutoCloseable {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final Set<String> TLS_PROFILES = Set.of("tls12", "tls13", "h2");

	private final HttpClient http;

	final ServiceProcess backend;

	final ServiceProcess orchestration;

	final ServiceProcess publicApi;

	private Chain(HttpClient http, ServiceProcess backend, ServiceProcess orchestration, ServiceProcess publicApi) {
		this.http = http;
		this.backend = backend;
		this.orchestration = orchestration;
		this.publicApi = publicApi;
	}

	/** Starts the chain on Reactor Netty; see {@link #start(Path, Stacks, String, String...)}. */
	static Chain start(Path workDir, String profiles, String... args) {
		return start(workDir, Stacks.all(Stacks.NETTY), profiles, args);
	}

	/**
	 * Starts the chain with {@code profiles} active on every service, each on its own server stack, and
	 * {@code args} given to each. A TLS profile gets throwaway certificates made by
	 * {@code scripts/make-certs.sh}, trusted by this client too.
	 */
	static Chain start(Path workDir, Stacks stacks, String profiles, String... args) {
		boolean tls = tls(profiles);
		List<String> common = new ArrayList<>(List.of(args));
		HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		if (tls) {
			Path certificates = Certificates.make(workDir.resolve("tls"));
			common.add("--keepalive-lab.tls.dir=" + certificates);
			http = HttpClient.newBuilder()
				.version(HttpClient.Version.HTTP_1_1)
				.sslContext(Certificates.trusting(certificates))
				.build();
		}
		String scheme = tls ? "https" : "http";
		// The three start side by side: each caller is told its downstream's port before that one has bound it.
		int backendPort = ServiceProcess.freePort();
		int orchestrationPort = ServiceProcess.freePort();
		List<ServiceProcess> started = new ArrayList<>();
		try {
			ServiceProcess backend = launch("backend-api", workDir, Stacks.profiles(profiles, stacks.backend()), common,
					backendPort, null, started);
			ServiceProcess orchestration = launch("orchestration-api", workDir,
					Stacks.profiles(profiles, stacks.orchestration()), common, orchestrationPort,
					"--keepalive-lab.downstreams.backend-api.base-url=" + scheme + "://127.0.0.1:" + backendPort, started);
			ServiceProcess publicApi = launch("public-api", workDir, Stacks.profiles(profiles, stacks.publicApi()),
					common, 0,
					"--keepalive-lab.downstreams.orchestration-api.base-url=" + scheme + "://127.0.0.1:"
							+ orchestrationPort,
					started);
			for (ServiceProcess service : started) {
				service.awaitHealthy(http);
			}
			return new Chain(http, backend, orchestration, publicApi);
		}
		catch (RuntimeException ex) {
			started.forEach(ServiceProcess::close);
			throw ex;
		}
	}

	private static ServiceProcess launch(String service, Path workDir, String profiles, List<String> common, int port,
			String downstream, List<ServiceProcess> started) {
		List<String> args = new ArrayList<>(List.of("--spring.profiles.active=" + profiles));
		args.addAll(common);
		if (downstream != null) {
			args.add(downstream);
		}
		ServiceProcess process = ServiceProcess.launch(service, workDir, args, tls(profiles) ? "https" : "http", port);
		started.add(process);
		return process;
	}

	/** GETs a path of public-api on a kept-alive connection. */
	HttpResponse<String> get(String pathAndQuery) {
		return get(publicApi, pathAndQuery);
	}

	HttpResponse<String> get(ServiceProcess service, String pathAndQuery) {
		return service.get(http, pathAndQuery, Duration.ofSeconds(30));
	}

	ConnectionsEndpoint.Report connections(ServiceProcess service) {
		return read(get(service, "/actuator/connections").body(), ConnectionsEndpoint.Report.class);
	}

	static <T> T read(String body, Class<T> type) {
		return json.readValue(body, type);
	}

	private static boolean tls(String profiles) {
		return Arrays.stream(profiles.split(",")).anyMatch(TLS_PROFILES::contains);
	}

	@Override
	public void close() {
		publicApi.close();
		orchestration.close();
		backend.close();
	}
}
