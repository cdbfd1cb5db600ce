package io.keepalivelab.deploy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every field of every rendered object is one the Kubernetes API has, with a value of its type: each object
 * is read into fabric8's model of the API, which sets aside what it does not know (additionalProperties),
 * and nothing may be set aside. Without a cluster, a misspelt field would otherwise only be refused (or
 * dropped) on the first {@code kubectl apply}.
 */
class ApiFieldsTests {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private static final Map<String, Class<? extends HasMetadata>> TYPES = Map.of("v1/ConfigMap", ConfigMap.class,
			"v1/Service", Service.class, "v1/Pod", Pod.class, "v1/PersistentVolumeClaim", PersistentVolumeClaim.class,
			"apps/v1/Deployment", Deployment.class, "batch/v1/Job", Job.class);

	@ParameterizedTest
	@MethodSource("io.keepalivelab.deploy.OverlaysTests#kustomizations")
	void everyFieldIsOneTheApiHas(Path dir) {
		assertThat(unknownFields(Kubectl.kustomize(dir))).as(Lab.K8S.relativize(dir).toString()).isEmpty();
	}

	@Test
	void aMisspeltFieldIsFound() {
		Manifests manifests = Manifests.parse("""
				apiVersion: apps/v1
				kind: Deployment
				metadata:
				  name: backend-api
				spec:
				  template:
				    spec:
				      containers:
				        - name: app
				          readinesProbe:
				            httpGet:
				              path: /actuator/health/readiness
				""");
		assertThat(unknownFields(manifests))
			.containsExactly("Deployment/backend-api: spec.template.spec.containers[0].readinesProbe");
	}

	/** kind/name: path, for each field the API does not have. */
	static List<String> unknownFields(Manifests manifests) {
		List<String> unknown = new ArrayList<>();
		for (Map<String, Object> object : manifests.objects()) {
			String type = object.get("apiVersion") + "/" + object.get("kind");
			assertThat(TYPES).as("a model for " + type).containsKey(type);
			String name = object.get("kind") + "/" + Node.text(object, "metadata", "name");
			collectUnknown(MAPPER.convertValue(object, TYPES.get(type)), "", (path) -> unknown.add(name + ": " + path));
		}
		return unknown;
	}

	private static void collectUnknown(Object node, String path, Consumer<String> unknown) {
		if (node instanceof Collection<?> items) {
			int index = 0;
			for (Object item : items) {
				collectUnknown(item, path + "[" + index++ + "]", unknown);
			}
			return;
		}
		if (node instanceof Map<?, ?> map) {
			map.forEach((key, value) -> collectUnknown(value, path + "." + key, unknown));
			return;
		}
		if (node == null || node instanceof Quantity || node instanceof IntOrString
				|| !node.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
			return;
		}
		for (Method getter : node.getClass().getMethods()) {
			if (getter.getParameterCount() > 0 || Modifier.isStatic(getter.getModifiers())
					|| !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
				continue;
			}
			Object value = invoke(getter, node);
			if (getter.getName().equals("getAdditionalProperties")) {
				((Map<?, ?>) value).keySet().forEach((field) -> unknown.accept(join(path, String.valueOf(field))));
			}
			else {
				collectUnknown(value, join(path, property(getter)), unknown);
			}
		}
	}

	private static String property(Method getter) {
		String name = getter.getName().substring(3);
		return Character.toLowerCase(name.charAt(0)) + name.substring(1);
	}

	private static String join(String path, String field) {
		return path.isEmpty() ? field : path + "." + field;
	}

	private static Object invoke(Method getter, Object node) {
		try {
			return getter.invoke(node);
		}
		catch (IllegalAccessException | InvocationTargetException ex) {
			throw new IllegalStateException(getter + " on " + node.getClass(), ex);
		}
	}

}
