package io.keepalivelab.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The components compose: any reuse mode with any stack, transport and placement is a kustomization that
 * lists them (README, "Combine"), with no overlay copied for it. Each combination is written the way a user
 * would write it, rendered, and checked like an overlay.
 */
class CompositionTests {

	private static final Path WORK = Path.of(System.getProperty("keepalive-lab.build-dir", "target"))
		.toAbsolutePath()
		.resolve("kustomizations");

	static Stream<Arguments> combinations() {
		List<Arguments> combinations = new ArrayList<>();
		Map<String, String> modes = Map.of("", "reuse", "no-reuse", "no-reuse", "client-per-request",
				"client-per-request", "no-reuse-client-per-request", "no-reuse+client-per-request");
		modes.forEach((mode, profiles) -> {
			for (String stack : List.of("", "tomcat")) {
				for (String transport : List.of("", "h2c")) {
					for (String placement : List.of("", "spread")) {
						combinations.add(Arguments.of(mode, stack, transport, placement,
								profiles + "," + (stack.isEmpty() ? "netty" : stack) + (transport.isEmpty() ? "" : "," + transport)));
					}
				}
			}
		});
		return combinations.stream();
	}

	@ParameterizedTest(name = "[{index}] components {0} {1} {2} {3}: {4}")
	@MethodSource("combinations")
	void everyCombinationOfComponentsSwitchesEachOfItsParts(String mode, String stack, String transport,
			String placement, String profiles) {
		List<String> components = Stream.of(mode, stack, transport, placement).filter((c) -> !c.isEmpty()).toList();
		String name = components.isEmpty() ? "none" : String.join("+", components);
		StringBuilder kustomization = new StringBuilder(header(name, "base"));
		if (!components.isEmpty()) {
			kustomization.append("components:\n");
			components.forEach((component) -> kustomization.append("  - ").append(relative(name, "components/" + component)).append('\n'));
		}
		Manifests manifests = Kubectl.kustomize(write(name, kustomization.toString()));
		Chain.assertChain(manifests, Chain.everyService(profiles), !placement.isEmpty());
		assertThat(ApiFieldsTests.unknownFields(manifests)).isEmpty();
	}

	@Test
	void oneServiceAloneOnTomcatByMergingItsStackLine() {
		Manifests manifests = Kubectl.kustomize(write("backend-on-tomcat", header("backend-on-tomcat", "overlays/no-reuse") + """
				configMapGenerator:
				  - name: keepalive-lab-profiles
				    behavior: merge
				    literals:
				      - backend-api.stack=tomcat
				"""));
		Chain.assertChain(manifests, Map.of("public-api", "no-reuse,netty", "orchestration-api", "no-reuse,netty",
				"backend-api", "no-reuse,tomcat"), false);
		assertThat(ApiFieldsTests.unknownFields(manifests)).isEmpty();
	}

	/** A kustomization in WORK/name on top of deploy/k8s/resource. */
	private static String header(String name, String resource) {
		return """
				apiVersion: kustomize.config.k8s.io/v1beta1
				kind: Kustomization
				resources:
				  - %s
				""".formatted(relative(name, resource));
	}

	/** kustomize takes relative paths only: from WORK/name to deploy/k8s/path. */
	private static String relative(String name, String path) {
		return WORK.resolve(name).relativize(Lab.K8S.resolve(path)).toString();
	}

	private static Path write(String name, String kustomization) {
		Path dir = WORK.resolve(name);
		try {
			Files.createDirectories(dir);
			Files.writeString(dir.resolve("kustomization.yaml"), kustomization);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return dir;
	}

}
