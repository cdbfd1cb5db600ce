package io.keepalivelab.deploy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The load and probe Jobs aim at the chain's Services, and the load Job leaves its results where
 * {@code kubectl cp} finds them.
 */
class JobsTests {

	private final Manifests chain = Kubectl.kustomize(Lab.K8S.resolve("base"));

	@Test
	void loadJobTargetsPublicApiAndReadsEveryServiceThroughItsService() {
		Manifests load = Kubectl.kustomize(Lab.K8S.resolve("load"));
		Map<String, String> environment = KubeletEnvironment.of(load, load.container("Job", "keepalive-lab-load", "load"));
		assertThat(environment).containsEntry("PUBLIC_API_URL", "http://public-api:8080");
		for (String variable : List.of("PUBLIC_API_URL", "ORCHESTRATION_API_URL", "BACKEND_API_URL")) {
			URI url = URI.create(environment.get(variable));
			Chain.assertServiceInFront(this.chain, url.getHost(), url.getPort());
		}
		Map<String, Object> job = load.get("Job", "keepalive-lab-load");
		assertThat(Node.at(job, "spec", "backoffLimit")).as("a failed run is a result, not retried").isEqualTo(0);
		assertThat(Node.text(load.podSpec("Job", "keepalive-lab-load"), "restartPolicy")).isEqualTo("Never");
	}

	@Test
	void loadJobWaitsForTheWholeChainWithAScriptTheKubeletLeavesAlone() {
		Manifests load = Kubectl.kustomize(Lab.K8S.resolve("load"));
		Map<String, Object> wait = Node.named(Node.maps(load.podSpec("Job", "keepalive-lab-load"), "initContainers"),
				"wait-for-chain");
		Map<String, String> environment = KubeletEnvironment.of(load, wait);
		String script = String.valueOf(Node.list(wait, "command").get(2));
		assertThat(KubeletEnvironment.expand(script, environment)).isEqualTo(script);
		assertThat(script).contains("$BACKEND_API_URL", "$ORCHESTRATION_API_URL", "/actuator/health/readiness",
				"$LOAD_WAIT_SECONDS");
		assertThat(environment).containsKeys("BACKEND_API_URL", "ORCHESTRATION_API_URL", "LOAD_WAIT_SECONDS");
	}

	@Test
	void loadResultsOutliveTheJobInAVolumeThatTheResultsPodHoldsForKubectlCp() {
		Manifests load = Kubectl.kustomize(Lab.K8S.resolve("load"));
		Map<String, Object> jobPod = load.podSpec("Job", "keepalive-lab-load");
		Map<String, Object> resultsPod = Node.map(load.get("Pod", "keepalive-lab-results"), "spec");
		String claim = claimMountedAt(jobPod, "load", "/results");
		assertThat(claimMountedAt(resultsPod, "results", "/results")).isEqualTo(claim);
		assertThat(load.find("PersistentVolumeClaim", claim)).isPresent();
		// docker/load-entrypoint.sh writes to /results and prints its paths under RESULTS_HOST_DIR.
		assertThat(KubeletEnvironment.of(load, load.container("Job", "keepalive-lab-load", "load")))
			.containsEntry("RESULTS_HOST_DIR", "keepalive-lab-results:/results");
		// On the node of the results pod, where the volume is mounted.
		Map<String, Object> term = Node.maps(jobPod, "affinity", "podAffinity", "requiredDuringSchedulingIgnoredDuringExecution")
			.get(0);
		assertThat(Node.map(load.get("Pod", "keepalive-lab-results"), "metadata", "labels"))
			.containsAllEntriesOf(Node.map(term, "labelSelector", "matchLabels"));
		assertThat(Node.text(term, "topologyKey")).isEqualTo("kubernetes.io/hostname");
	}

	@Test
	void probeJobProbesAServiceOfTheChainWithinItsDeadline() throws IOException {
		Manifests probe = Kubectl.kustomize(Lab.K8S.resolve("probe"));
		Map<String, Object> container = probe.container("Job", "keepalive-lab-probe", "probe");
		assertThat(Node.text(container, "image")).isEqualTo("keepalive-lab/probe:local");
		List<String> args = Node.list(container, "args").stream().map(String::valueOf).toList();
		URI url = URI.create(args.get(0));
		Chain.assertServiceInFront(this.chain, url.getHost(), url.getPort());
		assertThat(url.getPath()).isEqualTo("/actuator/health/liveness");
		Duration maxTime = args.stream()
			.filter((arg) -> arg.startsWith("--max-time="))
			.map((arg) -> Duration.ofSeconds(Long.parseLong(arg.replaceAll("--max-time=(\\d+)s", "$1"))))
			.findFirst()
			.orElse(Duration.ofSeconds(300));
		long deadline = ((Number) Node.at(probe.get("Job", "keepalive-lab-probe"), "spec", "activeDeadlineSeconds")).longValue();
		assertThat(maxTime.toSeconds()).as("--max-time within the Job's deadline").isLessThan(deadline);
		// The image runs the jar the probe module builds (probe/pom.xml's finalName).
		assertThat(Files.readString(Lab.ROOT.resolve("docker/probe.Dockerfile"))).contains("COPY probe.jar");
		assertThat(Files.readString(Lab.ROOT.resolve("probe/pom.xml"))).contains("<finalName>probe</finalName>");
	}

	private static String claimMountedAt(Map<String, Object> podSpec, String container, String path) {
		Map<String, Object> mount = Node.maps(Node.named(Node.maps(podSpec, "containers"), container), "volumeMounts")
			.stream()
			.filter((candidate) -> path.equals(candidate.get("mountPath")))
			.findFirst()
			.orElseThrow();
		Map<String, Object> volume = Node.named(Node.maps(podSpec, "volumes"), Node.text(mount, "name"));
		return Node.text(volume, "persistentVolumeClaim", "claimName");
	}

}
