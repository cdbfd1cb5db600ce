package io.keepalivelab.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cluster runs what compose runs: the same images, ports, environment, default profile, memory limits,
 * readiness check and load settings, read from docker-compose.yml and docker/ and compared with the
 * rendered base and load Job, so that one cannot change without the other.
 */
class ComposeParityTests {

	/** The innermost {@code ${NAME:-default}} of a compose value: nested ones are expanded from the inside. */
	private static final Pattern DEFAULTED = Pattern.compile("\\$\\{[A-Z_]+:-([^${}]*)}");

	private final Map<String, Object> compose = Manifests.load(Lab.ROOT.resolve("docker-compose.yml"));

	@Test
	void sameImagesPortsAndDownstreamsAsCompose() {
		Manifests base = Kubectl.kustomize(Lab.K8S.resolve("base"));
		Lab.SERVICES.forEach((service, port) -> {
			Map<String, Object> composed = Node.map(this.compose, "services", service);
			Map<String, Object> container = base.container("Deployment", service, "app");
			assertThat(Node.text(container, "image")).isEqualTo(Node.text(composed, "image"));
			assertThat(Node.text(composed, "build", "args", "PORT")).isEqualTo(String.valueOf(port));
			assertThat(Node.text(composed, "ports").replaceAll("\\s", "")).endsWith(":" + port + "]");
			Map<String, String> environment = KubeletEnvironment.of(base, container);
			if (Chain.DOWNSTREAMS.containsKey(service)) {
				String variable = Chain.DOWNSTREAMS.get(service).getKey();
				assertThat(environment.get(variable)).isEqualTo(Node.text(composed, "environment", variable));
			}
		});
	}

	@Test
	void sameEnvironmentAndDefaultProfileAsCompose() {
		Manifests base = Kubectl.kustomize(Lab.K8S.resolve("base"));
		for (String service : Lab.SERVICES.keySet()) {
			Map<String, Object> composed = Node.map(this.compose, "services", service, "environment");
			Map<String, String> environment = KubeletEnvironment.of(base, base.container("Deployment", service, "app"));
			Map<String, String> expected = new TreeMap<>();
			composed.forEach((name, value) -> expected.put(name, defaulted(String.valueOf(value))));
			assertThat(environment).as(service).containsAllEntriesOf(expected);
		}
	}

	@Test
	void sameMemoryLimitsAndReadinessCheckAsCompose() {
		Manifests base = Kubectl.kustomize(Lab.K8S.resolve("base"));
		Manifests load = Kubectl.kustomize(Lab.K8S.resolve("load"));
		for (String service : Lab.SERVICES.keySet()) {
			Map<String, Object> composed = Node.map(this.compose, "services", service);
			Map<String, Object> container = base.container("Deployment", service, "app");
			assertThat(bytes(Node.text(container, "resources", "limits", "memory")))
				.isEqualTo(bytes(Node.text(composed, "deploy", "resources", "limits", "memory")));
			assertThat(String.join(" ", Node.list(composed, "healthcheck", "test").stream().map(String::valueOf).toList()))
				.contains(":" + Lab.SERVICES.get(service) + Node.text(container, "readinessProbe", "httpGet", "path"));
		}
		assertThat(bytes(Node.text(load.container("Job", "keepalive-lab-load", "load"), "resources", "limits", "memory")))
			.isEqualTo(bytes(Node.text(this.compose, "services", "load", "deploy", "resources", "limits", "memory")));
	}

	@Test
	void theLoadJobRunsComposesLoadImageWithItsSettingsAndDefaults() throws IOException {
		Manifests load = Kubectl.kustomize(Lab.K8S.resolve("load"));
		Map<String, Object> container = load.container("Job", "keepalive-lab-load", "load");
		assertThat(Node.text(container, "image")).isEqualTo(Node.text(this.compose, "services", "load", "image"));
		Map<String, String> environment = KubeletEnvironment.of(load, container);
		Map<String, Object> composed = Node.map(this.compose, "services", "load", "environment");
		composed.forEach((name, value) -> {
			if (name.startsWith("LOAD_")) {
				assertThat(environment).as("compose's " + name).containsEntry(name, defaulted(String.valueOf(value)));
			}
		});
		String entrypoint = Files.readString(Lab.ROOT.resolve("docker/load-entrypoint.sh"));
		assertThat(environment.keySet()).as("what the Job sets, the entry point reads")
			.allSatisfy((name) -> assertThat(entrypoint).contains("${" + name));
	}

	@Test
	void podsRunAsTheImagesUser() throws IOException {
		Manifests base = Kubectl.kustomize(Lab.K8S.resolve("base"));
		Manifests probe = Kubectl.kustomize(Lab.K8S.resolve("probe"));
		for (String dockerfile : new String[] { "service.Dockerfile", "probe.Dockerfile" }) {
			assertThat(Files.readString(Lab.ROOT.resolve("docker").resolve(dockerfile))).contains("useradd --system --uid 10001")
				.contains("USER keepalive");
		}
		for (String service : Lab.SERVICES.keySet()) {
			assertThat(Node.at(base.podSpec("Deployment", service), "securityContext", "runAsUser")).isEqualTo(10001);
		}
		assertThat(Node.at(probe.podSpec("Job", "keepalive-lab-probe"), "securityContext", "runAsUser")).isEqualTo(10001);
	}

	/**
	 * The TLS transports run under compose alone (deploy/k8s/README.md, "Left out"): compose mounts the
	 * certificates its one-shot certs service makes where the images look for them, and the cluster has no TLS
	 * component whose pods would look there. One that is added must mount that folder as compose does.
	 */
	@Test
	void tlsTransportsRunUnderComposeAloneWithTheCertificatesWhereTheImagesLook() throws IOException {
		assertThat(Files.readString(Lab.ROOT.resolve("docker/service.Dockerfile"))).contains("ENV KEEPALIVE_LAB_TLS_DIR=/certs");
		for (String service : Lab.SERVICES.keySet()) {
			assertThat(Node.list(this.compose, "services", service, "volumes")).as(service).contains("certs:/certs:ro");
			assertThat(Node.text(this.compose, "services", service, "depends_on", "certs", "condition")).as(service)
				.isEqualTo("service_completed_successfully");
		}
		try (Stream<Path> components = Files.list(Lab.K8S.resolve("components"))) {
			assertThat(components.map((dir) -> dir.getFileName().toString())).doesNotContain("tls12", "tls13", "h2");
		}
	}

	private static String defaulted(String composeValue) {
		String value = composeValue;
		for (Matcher innermost = DEFAULTED.matcher(value); innermost.find(); innermost = DEFAULTED.matcher(value)) {
			value = innermost.replaceFirst(Matcher.quoteReplacement(innermost.group(1)));
		}
		return value;
	}

	/** compose's 512m and 1g, Kubernetes' 512Mi and 1Gi: binary units both. */
	private static long bytes(String quantity) {
		Matcher matcher = Pattern.compile("(\\d+)([kmg])i?b?").matcher(quantity.toLowerCase(Locale.ROOT));
		assertThat(matcher.matches()).as(quantity).isTrue();
		return Long.parseLong(matcher.group(1)) << switch (matcher.group(2)) {
			case "k" -> 10;
			case "m" -> 20;
			default -> 30;
		};
	}

}
