package io.keepalivelab.deploy;

import java.net.URI;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every rendering of the chain must hold, whatever it switches: for each service a Deployment on the
 * compose image with Spring Boot's probes, compose's memory limit, one replica, Prometheus' annotations and
 * a Service in front of it; the downstream URLs name those Services; and the Spring profiles the kubelet
 * will hand each service are the expected ones.
 */
final class Chain {

	/** The downstream each caller reaches, and the variable compose and the cluster name it with. */
	static final Map<String, Map.Entry<String, String>> DOWNSTREAMS = Map.of("public-api",
			Map.entry("ORCHESTRATION_API_URL", "orchestration-api"), "orchestration-api",
			Map.entry("BACKEND_API_URL", "backend-api"));

	private Chain() {
	}

	/** Every service with the same profiles. */
	static Map<String, String> everyService(String profiles) {
		return Map.of("public-api", profiles, "orchestration-api", profiles, "backend-api", profiles);
	}

	static void assertChain(Manifests manifests, Map<String, String> profiles, boolean spread) {
		assertThat(profiles).containsOnlyKeys(Lab.SERVICES.keySet());
		Lab.SERVICES.forEach((service, port) -> {
			Map<String, Object> deployment = manifests.get("Deployment", service);
			Map<String, Object> pod = Node.map(deployment, "spec", "template");
			Map<String, Object> container = manifests.container("Deployment", service, "app");
			assertThat(Node.at(deployment, "spec", "replicas")).as(service + " replicas").isEqualTo(1);
			assertThat(Node.text(container, "image")).isEqualTo("keepalive-lab/" + service + ":local");
			assertThat(Node.text(container, "imagePullPolicy")).isEqualTo("IfNotPresent");
			assertThat(Node.named(Node.maps(container, "ports"), "http")).containsEntry("containerPort", port);

			assertThat(probe(container, "readinessProbe")).as(service).isEqualTo("/actuator/health/readiness");
			assertThat(probe(container, "livenessProbe")).as(service).isEqualTo("/actuator/health/liveness");
			assertThat(probe(container, "startupProbe")).as(service).isEqualTo("/actuator/health/liveness");

			assertThat(Node.text(container, "resources", "limits", "memory")).as(service).isEqualTo("512Mi");
			assertThat(Node.text(container, "resources", "requests", "memory")).as(service).isEqualTo("512Mi");
			assertThat(Node.find(container, "resources", "requests", "cpu")).as(service + " CPU request").isPresent();

			assertThat(Node.map(pod, "metadata", "annotations")).as(service)
				.containsEntry("prometheus.io/scrape", "true")
				.containsEntry("prometheus.io/port", String.valueOf(port))
				.containsEntry("prometheus.io/path", "/actuator/prometheus");
			assertThat(Node.map(pod, "metadata", "labels")).containsEntry("app.kubernetes.io/name", service)
				.containsEntry("app.kubernetes.io/part-of", "keepalive-lab");

			Map<String, String> environment = KubeletEnvironment.of(manifests, container);
			assertThat(environment).as(service + "'s environment").containsEntry("SPRING_PROFILES_ACTIVE", profiles.get(service));
			assertThat(environment.get("SPRING_PROFILES_ACTIVE").split(",")).as(service).doesNotContain("");
			assertThat(environment).containsKey("MANAGEMENT_METRICS_DISTRIBUTION_PERCENTILESHISTOGRAM_HTTP_SERVER_REQUESTS");
			if (DOWNSTREAMS.containsKey(service)) {
				Map.Entry<String, String> downstream = DOWNSTREAMS.get(service);
				assertThat(environment).containsKey(downstream.getKey());
				URI url = URI.create(environment.get(downstream.getKey()));
				assertThat(url.getScheme()).isEqualTo("http");
				assertServiceInFront(manifests, url.getHost(), url.getPort());
				assertThat(url.getHost()).isEqualTo(downstream.getValue());
			}
			assertServiceInFront(manifests, service, port);

			if (spread) {
				assertOnePodOfTheChainPerNode(manifests, deployment);
			}
			else {
				assertThat(Node.find(pod, "spec", "affinity")).as(service + " placement").isEmpty();
			}
		});
	}

	private static String probe(Map<String, Object> container, String probe) {
		assertThat(Node.at(container, probe, "httpGet", "port")).as(probe + " port").isEqualTo("http");
		return Node.text(container, probe, "httpGet", "path");
	}

	/** A Service of that name and port whose selector picks the service's pod and port. */
	static void assertServiceInFront(Manifests manifests, String name, int port) {
		Map<String, Object> service = manifests.get("Service", name);
		Map<String, Object> servicePort = Node.maps(service, "spec", "ports").get(0);
		assertThat(servicePort).as("Service " + name).containsEntry("port", port).containsEntry("targetPort", "http");
		Map<String, Object> podLabels = Node.map(manifests.get("Deployment", name), "spec", "template", "metadata", "labels");
		assertThat(podLabels).as("Service " + name + " selects its pods").containsAllEntriesOf(Node.map(service, "spec", "selector"));
	}

	private static void assertOnePodOfTheChainPerNode(Manifests manifests, Map<String, Object> deployment) {
		String name = Node.text(deployment, "metadata", "name");
		List<Map<String, Object>> terms = Node.maps(deployment, "spec", "template", "spec", "affinity", "podAntiAffinity",
				"requiredDuringSchedulingIgnoredDuringExecution");
		assertThat(terms).as(name + " anti-affinity").hasSize(1);
		assertThat(Node.text(terms.get(0), "topologyKey")).isEqualTo("kubernetes.io/hostname");
		Map<String, Object> selector = Node.map(terms.get(0), "labelSelector", "matchLabels");
		for (String service : Lab.SERVICES.keySet()) {
			assertThat(Node.map(manifests.get("Deployment", service), "spec", "template", "metadata", "labels"))
				.as(name + "'s anti-affinity selects " + service)
				.containsAllEntriesOf(selector);
		}
		// Its own old pod is selected too: it must leave before the new one can be placed.
		assertThat(Node.at(deployment, "spec", "strategy", "rollingUpdate", "maxSurge")).isEqualTo(0);
	}

}
