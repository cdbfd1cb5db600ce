package io.keepalivelab.deploy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/k8s/prometheus/scrape-config.yaml labels series as docker/prometheus.yml does (job = the service,
 * hop = "caller -> downstream"), so the Grafana dashboard works on both, and it keeps the pods the chain's
 * Deployments annotate.
 */
class PrometheusScrapeConfigTests {

	private final Map<String, Object> job = Node.maps(Manifests.load(Lab.K8S.resolve("prometheus/scrape-config.yaml")),
			"scrape_configs").get(0);

	@Test
	void hopLabelIsComposes() {
		Map<String, Object> compose = Node.maps(Manifests.load(Lab.ROOT.resolve("docker/prometheus.yml")), "scrape_configs").get(0);
		assertThat(Node.list(this.job, "metric_relabel_configs")).isEqualTo(Node.list(compose, "metric_relabel_configs"));
	}

	@Test
	void jobIsTheServiceNameThatEveryPodIsLabelledWith() {
		List<Map<String, Object>> relabels = Node.maps(this.job, "relabel_configs");
		assertThat(relabels).anySatisfy((relabel) -> {
			assertThat(relabel).containsEntry("target_label", "job");
			assertThat(Node.list(relabel, "source_labels")).containsExactly("__meta_kubernetes_pod_label_app_kubernetes_io_name");
		});
		assertThat(relabels).anySatisfy((relabel) -> {
			assertThat(relabel).containsEntry("action", "keep").containsEntry("regex", "keepalive-lab;true");
			assertThat(Node.list(relabel, "source_labels")).containsExactly(
					"__meta_kubernetes_pod_label_app_kubernetes_io_part_of",
					"__meta_kubernetes_pod_annotation_prometheus_io_scrape");
		});
		Manifests base = Kubectl.kustomize(Lab.K8S.resolve("base"));
		List<String> composeJobs = Node.maps(Manifests.load(Lab.ROOT.resolve("docker/prometheus.yml")), "scrape_configs")
			.stream()
			.map((scrape) -> Node.text(scrape, "job_name"))
			.toList();
		assertThat(composeJobs).containsExactlyInAnyOrderElementsOf(Lab.SERVICES.keySet());
		for (String service : composeJobs) {
			Map<String, Object> pod = Node.map(base.get("Deployment", service), "spec", "template", "metadata");
			assertThat(Node.map(pod, "labels")).containsEntry("app.kubernetes.io/name", service)
				.containsEntry("app.kubernetes.io/part-of", "keepalive-lab");
			assertThat(Node.map(pod, "annotations")).containsEntry("prometheus.io/scrape", "true");
		}
	}

}
