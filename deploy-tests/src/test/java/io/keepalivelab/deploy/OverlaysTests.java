package io.keepalivelab.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every overlay of deploy/k8s rendered as {@code kubectl apply -k} would send it, checked for what it
 * switches (each service's Spring profiles, the placement) and for what no overlay may lose ({@link Chain}).
 */
class OverlaysTests {

	/** Each overlay, and the SPRING_PROFILES_ACTIVE it gives every service. */
	static final Map<String, String> PROFILES = new LinkedHashMap<>();

	static {
		PROFILES.put("reuse", "reuse,netty");
		PROFILES.put("no-reuse", "no-reuse,netty");
		PROFILES.put("client-per-request", "client-per-request,netty");
		PROFILES.put("no-reuse-client-per-request", "no-reuse+client-per-request,netty");
		PROFILES.put("tomcat", "reuse,tomcat");
		PROFILES.put("spread", "reuse,netty");
	}

	/** Standard APIs only, none that a cluster needs a CRD or a feature gate for. */
	private static final Set<String> STABLE_KINDS = Set.of("v1/ConfigMap", "v1/Service", "v1/Pod",
			"v1/PersistentVolumeClaim", "apps/v1/Deployment", "batch/v1/Job");

	static Stream<String> overlays() {
		return PROFILES.keySet().stream();
	}

	/** Every folder a user can `kubectl apply -k`. */
	static Stream<Path> kustomizations() throws IOException {
		try (Stream<Path> files = Files.walk(Lab.K8S)) {
			return files.filter((file) -> file.getFileName().toString().equals("kustomization.yaml"))
				.filter((file) -> "Kustomization".equals(Manifests.load(file).get("kind")))
				.map(Path::getParent)
				.sorted()
				.toList()
				.stream();
		}
	}

	@Test
	void everyOverlayInTheFolderIsCheckedHere() throws IOException {
		try (Stream<Path> dirs = Files.list(Lab.K8S.resolve("overlays"))) {
			assertThat(dirs.map((dir) -> dir.getFileName().toString())).containsExactlyInAnyOrderElementsOf(PROFILES.keySet());
		}
	}

	@ParameterizedTest
	@MethodSource("kustomizations")
	void rendersOfflineToVersionStableApisOnly(Path dir) {
		Manifests manifests = Kubectl.kustomize(dir);
		assertThat(manifests.objects()).isNotEmpty();
		assertThat(manifests.objects()).allSatisfy((object) -> assertThat(object.get("apiVersion") + "/" + object.get("kind"))
			.as(Lab.K8S.relativize(dir) + ": " + Node.text(object, "metadata", "name"))
			.isIn(STABLE_KINDS));
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void eachServiceRunsTheOverlaysProfilesWithItsProbesLimitsAndDownstream(String overlay) {
		Chain.assertChain(render(overlay), Chain.everyService(PROFILES.get(overlay)), overlay.equals("spread"));
	}

	@Test
	void switchingOverlaysRenamesTheProfilesConfigMapSoThatApplyRestartsThePods() {
		Map<String, String> configMapByProfiles = new LinkedHashMap<>();
		for (String overlay : PROFILES.keySet()) {
			Manifests manifests = render(overlay);
			String configMap = Node.text(manifests.generated("ConfigMap", "keepalive-lab-profiles"), "metadata", "name");
			for (String service : Lab.SERVICES.keySet()) {
				assertThat(Node.named(Node.maps(manifests.container("Deployment", service, "app"), "env"), "REUSE_PROFILE"))
					.extracting((env) -> Node.text(env, "valueFrom", "configMapKeyRef", "name"))
					.isEqualTo(configMap);
			}
			String before = configMapByProfiles.putIfAbsent(PROFILES.get(overlay), configMap);
			assertThat(before).as(overlay).isIn(null, configMap);
		}
		assertThat(Set.copyOf(configMapByProfiles.values())).hasSameSizeAs(configMapByProfiles.keySet());
	}

	@Test
	void readmeNamesEveryOverlayAndComponent() throws IOException {
		String readme = Files.readString(Lab.K8S.resolve("README.md"));
		for (String folder : List.of("overlays", "components")) {
			try (Stream<Path> dirs = Files.list(Lab.K8S.resolve(folder))) {
				assertThat(dirs.map((dir) -> folder + "/" + dir.getFileName())).allSatisfy((path) -> assertThat(readme).contains(path));
			}
		}
	}

	static Manifests render(String overlay) {
		return Kubectl.kustomize(Lab.K8S.resolve("overlays").resolve(overlay));
	}

}
