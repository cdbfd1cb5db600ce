package io.keepalivelab.deploy;

import java.nio.file.Path;
import java.util.Map;

/** Where the repository's files are: the build passes its root (keepalive-lab.root). */
final class Lab {

	static final Path ROOT = Path.of(System.getProperty("keepalive-lab.root", "..")).toAbsolutePath().normalize();

	/** deploy/k8s: base, components, overlays, load, probe, prometheus. */
	static final Path K8S = ROOT.resolve("deploy/k8s");

	/** The chain's services, each with the port compose and the cluster give it. */
	static final Map<String, Integer> SERVICES = Map.of("public-api", 8080, "orchestration-api",
			8081, "backend-api", 8082);

	private Lab() {
	}

}
