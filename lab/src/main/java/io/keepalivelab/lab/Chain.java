package io.keepalivelab.lab;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.keepalivelab.load.Transport;
import io.keepalivelab.testsupport.Certificates;
import tools.jackson.databind.json.JsonMapper;

/**
 * The chain public-api -> orchestration-api -> backend-api started as processes, optionally each hop behind
 * an emulated link: the one way the demo and the tests start it. The processes, the link emulator's too, start
 * side by side, each caller told its downstream's address before that one has bound it. Closing the chain
 * stops them all.
 */
public final class Chain implements AutoCloseable {

	private static final Set<String> TLS_PROFILES = Stream.of(Transport.values())
		.filter(Transport::tls)
		.map(Transport::id)
		.collect(Collectors.toUnmodifiableSet());

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Builder settings;

	private final HttpClient http;

	private final String scheme;

	private final Map<Service, List<String>> argsOf;

	private final Map<Service, ServiceProcess> services = new EnumMap<>(Service.class);

	private LinkEmulatorProcess links;

	private Chain(Builder settings, HttpClient http, String scheme, Map<Service, List<String>> argsOf) {
		this.settings = settings;
		this.http = http;
		this.scheme = scheme;
		this.argsOf = argsOf;
	}

	/** A chain to start with {@code profiles} active on every service, logs and port files in {@code dir}. */
	public static Builder builder(Path dir, String profiles) {
		return new Builder(dir, profiles);
	}

	/** Starts the whole chain on Reactor Netty with {@code args} given to every service, no links, free ports. */
	public static Chain start(Path dir, String profiles, String... args) {
		return start(dir, Stacks.all(Stacks.NETTY), profiles, args);
	}

	/** Starts the whole chain, each service on its stack, with {@code args} given to every service. */
	public static Chain start(Path dir, Stacks stacks, String profiles, String... args) {
		return builder(dir, profiles).stacks(stacks).args(args).start();
	}

	/** Reads a JSON answer of a service, e.g. its {@code /actuator/connections}, as {@code type}. */
	public static <T> T read(String json, Class<T> type) {
		return JSON.readValue(json, type);
	}

	/** Whether {@code profiles} (comma-separated) name a transport over TLS. */
	public static boolean tls(String profiles) {
		return Arrays.stream(profiles.split(",")).anyMatch(TLS_PROFILES::contains);
	}

	public ServiceProcess publicApi() {
		return service(Service.PUBLIC_API);
	}

	public ServiceProcess orchestration() {
		return service(Service.ORCHESTRATION_API);
	}

	public ServiceProcess backend() {
		return service(Service.BACKEND_API);
	}

	public ServiceProcess service(Service service) {
		ServiceProcess process = this.services.get(service);
		if (process == null) {
			throw new IllegalStateException(service + " is not part of this chain");
		}
		return process;
	}

	/** The services started, from the caller's end. */
	public List<ServiceProcess> services() {
		return List.copyOf(this.services.values());
	}

	/** The link emulator in front of the services; fails for a chain without links. */
	public LinkEmulatorProcess links() {
		if (this.links == null) {
			throw new IllegalStateException("this chain runs without links");
		}
		return this.links;
	}

	public boolean hasLinks() {
		return this.links != null;
	}

	/** {@code https} when the profiles name a transport over TLS, else {@code http}. */
	public String scheme() {
		return this.scheme;
	}

	/** A client that trusts the chain's certificates, HTTP/1.1. */
	public HttpClient http() {
		return this.http;
	}

	/** The address callers of {@code service} use: the link in front of it, or the service itself without links. */
	public String urlOf(Service service) {
		int port = (this.settings.links != null) ? this.settings.ports.linkInFrontOf(service)
				: this.settings.ports.of(service);
		return this.scheme + "://127.0.0.1:" + port;
	}

	/** GETs a path of the chain's entry service on a kept-alive connection. */
	public HttpResponse<String> get(String pathAndQuery) {
		return get(service(this.settings.entry), pathAndQuery);
	}

	public HttpResponse<String> get(ServiceProcess service, String pathAndQuery) {
		return service.get(this.http, pathAndQuery, Duration.ofSeconds(30));
	}

	/** Kills {@code service} at once, as a crash would. */
	public void kill(Service service) {
		service(service).kill();
	}

	/** Starts {@code service} again on its port with its arguments, and returns without waiting for it. */
	public ServiceProcess relaunch(Service service) {
		ServiceProcess process = launch(service);
		this.services.put(service, process);
		return process;
	}

	/** Starts {@code service} again, as {@link #relaunch}, and waits until it is healthy. */
	public ServiceProcess restart(Service service) {
		return relaunch(service).awaitHealthy(this.http);
	}

	private Chain startProcesses() {
		Builder s = this.settings;
		try {
			if (s.links != null) {
				List<LinkEmulatorProcess.LinkSpec> specs = new ArrayList<>();
				Map<String, Duration> idleDrops = new LinkedHashMap<>();
				for (Service service : s.started()) {
					specs.add(new LinkEmulatorProcess.LinkSpec(service.linkInFront(), s.ports.linkInFrontOf(service),
							s.ports.of(service), s.links.delayOf(service), s.links.jitterMs()));
					if (s.links.idleDrops().containsKey(service)) {
						idleDrops.put(service.linkInFront(), s.links.idleDrops().get(service));
					}
				}
				this.links = LinkEmulatorProcess.launch(s.dir.resolve("link-emulator.log"), s.ports.admin(), specs,
						idleDrops);
			}
			// Backend first: each caller is pointed at an address its downstream binds soon after.
			List<Service> order = new ArrayList<>(s.started());
			Collections.reverse(order);
			ClassDataArchive.prepare(order.stream().map(Service::id).toList());
			for (Service service : order) {
				this.services.put(service, launch(service));
			}
			if (this.links != null) {
				this.links.awaitStarted();
			}
			for (Service service : order) {
				this.services.get(service).awaitHealthy(this.http);
			}
			return this;
		}
		catch (RuntimeException ex) {
			close();
			throw ex;
		}
	}

	private ServiceProcess launch(Service service) {
		Builder s = this.settings;
		return ServiceProcess.launch(service.id(), s.dir, s.jvmOptions, this.argsOf.get(service), this.scheme,
				s.ports.of(service));
	}

	@Override
	public void close() {
		List<Process> processes = new ArrayList<>();
		this.services.values().forEach((service) -> processes.add(service.process()));
		if (this.links != null) {
			processes.add(this.links.process());
		}
		Processes.stop(processes);
		this.services.values().forEach(ServiceProcess::close);
	}

	/** What a chain is started with; {@link #start} starts it. */
	public static final class Builder {

		private final Path dir;

		private final String profiles;

		private Stacks stacks = Stacks.all(Stacks.NETTY);

		private final List<String> args = new ArrayList<>();

		private final Map<Service, List<String>> serviceArgs = new EnumMap<>(Service.class);

		private ChainPorts ports;

		private Links links;

		private Service entry = Service.PUBLIC_API;

		private List<String> jvmOptions;

		private Path tlsDir;

		private Builder(Path dir, String profiles) {
			this.dir = dir;
			this.profiles = profiles;
			List<String> jvm = new ArrayList<>(ServiceProcess.JVM_OPTIONS);
			jvm.addAll(ServiceProcess.QUICK_JIT);
			this.jvmOptions = jvm;
		}

		public Builder stacks(Stacks stacks) {
			this.stacks = stacks;
			return this;
		}

		/** Arguments every service gets. */
		public Builder args(String... args) {
			this.args.addAll(List.of(args));
			return this;
		}

		/** Arguments {@code service} gets after the common ones. */
		public Builder args(Service service, List<String> args) {
			this.serviceArgs.computeIfAbsent(service, (s) -> new ArrayList<>()).addAll(args);
			return this;
		}

		/** The ports to use; free ones by default. */
		public Builder ports(ChainPorts ports) {
			this.ports = ports;
			return this;
		}

		/** Each hop behind a link of the link emulator; none by default. */
		public Builder links(Links links) {
			this.links = links;
			return this;
		}

		/** The service the chain starts at: public-api by default, orchestration-api for the backend hop alone. */
		public Builder entry(Service entry) {
			this.entry = entry;
			return this;
		}

		/** The services' JVM options; the default ones with C1 alone unless set. */
		public Builder jvmOptions(List<String> jvmOptions) {
			this.jvmOptions = List.copyOf(jvmOptions);
			return this;
		}

		/** Certificates made by {@link Certificates#make}; made in the chain's folder when a TLS profile needs them. */
		public Builder tlsDir(Path tlsDir) {
			this.tlsDir = tlsDir;
			return this;
		}

		public Chain start() {
			if (this.ports == null) {
				this.ports = ChainPorts.free();
			}
			boolean tls = tls(this.profiles);
			HttpClient.Builder http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1);
			List<String> common = new ArrayList<>();
			if (tls) {
				if (this.tlsDir == null) {
					this.tlsDir = Certificates.make(Project.root(), this.dir.resolve("tls"));
				}
				common.add("--keepalive-lab.tls.dir=" + this.tlsDir);
				http.sslContext(Certificates.trusting(this.tlsDir));
			}
			common.addAll(this.args);
			Chain chain = new Chain(this, http.build(), tls ? "https" : "http", new EnumMap<>(Service.class));
			for (Service service : started()) {
				List<String> args = new ArrayList<>();
				args.add("--spring.profiles.active=" + this.stacks.profiles(this.profiles, service));
				args.addAll(common);
				service.downstream().ifPresent((downstream) -> args
					.add("--" + service.downstreamUrlProperty() + "=" + chain.urlOf(downstream)));
				args.addAll(this.serviceArgs.getOrDefault(service, List.of()));
				chain.argsOf.put(service, List.copyOf(args));
			}
			return chain.startProcesses();
		}

		/** The services from the entry down, from the caller's end. */
		List<Service> started() {
			return Stream.of(Service.values()).filter((service) -> service.ordinal() >= this.entry.ordinal()).toList();
		}

	}

}
