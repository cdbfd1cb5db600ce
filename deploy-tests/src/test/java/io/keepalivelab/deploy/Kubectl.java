package io.keepalivelab.deploy;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.keepalivelab.testsupport.RequiredTool;

import static org.assertj.core.api.Assertions.fail;

/**
 * {@code kubectl kustomize DIR}: renders a kustomization offline, with kubectl's built-in kustomize, as
 * {@code kubectl apply -k DIR} would send it. Without kubectl on the PATH ({@code KUBECTL} names another)
 * a test is skipped, and fails under {@code CI=true}, where .ci/run installs it.
 */
final class Kubectl {

	private static final long TIMEOUT_SECONDS = 60;

	private static final Map<Path, Manifests> RENDERED = new ConcurrentHashMap<>();

	private Kubectl() {
	}

	static Optional<Path> find() {
		String named = System.getenv("KUBECTL");
		if (named != null && !named.isBlank()) {
			return Optional.of(Path.of(named)).filter(Files::isExecutable);
		}
		return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
			.filter((dir) -> !dir.isEmpty())
			.map((dir) -> Path.of(dir, "kubectl"))
			.filter(Files::isExecutable)
			.findFirst();
	}

	/** kubectl, or the test is skipped (CI=true: it fails). */
	static Path require() {
		Optional<Path> kubectl = find();
		RequiredTool.require(kubectl.isPresent(),
				"kubectl is not on the PATH (nor named by KUBECTL): deploy/k8s cannot be rendered",
				"scripts/kubectl-tools.sh");
		return kubectl.orElseThrow();
	}

	/** The rendering of a kustomization directory, rendered once per directory and test run. */
	static Manifests kustomize(Path dir) {
		Path kubectl = require();
		return RENDERED.computeIfAbsent(dir.toAbsolutePath().normalize(), (key) -> Manifests.parse(run(kubectl, key)));
	}

	private static String run(Path kubectl, Path dir) {
		try {
			Path out = Files.createTempFile("kustomize", ".yaml");
			Path err = Files.createTempFile("kustomize", ".err");
			try {
				Process process = new ProcessBuilder(List.of(kubectl.toString(), "kustomize", dir.toString()))
					.redirectOutput(out.toFile())
					.redirectError(err.toFile())
					.start();
				process.getOutputStream().close();
				if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
					process.destroyForcibly();
					fail("kubectl kustomize " + dir + " did not finish in " + TIMEOUT_SECONDS + " s");
				}
				if (process.exitValue() != 0) {
					fail("kubectl kustomize " + dir + " exited " + process.exitValue() + ":\n"
							+ Files.readString(err, StandardCharsets.UTF_8));
				}
				return Files.readString(out, StandardCharsets.UTF_8);
			}
			finally {
				Files.deleteIfExists(out);
				Files.deleteIfExists(err);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
