package io.keepalivelab.deploy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.fail;

/**
 * The environment a container gets from the kubelet: {@code envFrom} ConfigMaps first, then {@code env} in
 * order, each value's {@code $(NAME)} references expanded from the variables defined before it, and
 * {@code configMapKeyRef}s read from the rendered ConfigMaps (a missing key is a container that never starts).
 * Reference: https://kubernetes.io/docs/tasks/inject-data-application/define-interdependent-environment-variables/
 */
final class KubeletEnvironment {

	private KubeletEnvironment() {
	}

	static Map<String, String> of(Manifests manifests, Map<String, Object> container) {
		Map<String, String> environment = new LinkedHashMap<>();
		for (Map<String, Object> source : Node.find(container, "envFrom").map((any) -> Node.maps(container, "envFrom"))
			.orElse(List.of())) {
			environment.putAll(configMapData(manifests, Node.text(source, "configMapRef", "name")));
		}
		for (Map<String, Object> variable : Node.find(container, "env").map((any) -> Node.maps(container, "env"))
			.orElse(List.of())) {
			String name = Node.text(variable, "name");
			if (variable.containsKey("value")) {
				environment.put(name, expand(Node.text(variable, "value"), environment));
			}
			else {
				Map<String, Object> ref = Node.map(variable, "valueFrom", "configMapKeyRef");
				Map<String, String> data = configMapData(manifests, Node.text(ref, "name"));
				String key = Node.text(ref, "key");
				if (!data.containsKey(key)) {
					fail(name + " reads key " + key + " that ConfigMap " + ref.get("name") + " lacks: " + data.keySet());
				}
				environment.put(name, data.get(key));
			}
		}
		return environment;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, String> configMapData(Manifests manifests, String name) {
		Map<String, String> data = new LinkedHashMap<>();
		((Map<String, Object>) Node.map(manifests.get("ConfigMap", name), "data"))
			.forEach((key, value) -> data.put(key, String.valueOf(value)));
		return data;
	}

	/**
	 * The kubelet's expansion: {@code $(NAME)} becomes the value of a variable defined so far, and stays as it
	 * is otherwise; {@code $$} is one {@code $}. A port of Kubernetes' third_party/forked/golang/expansion.
	 */
	static String expand(String input, Map<String, String> defined) {
		StringBuilder out = new StringBuilder();
		int checkpoint = 0;
		for (int cursor = 0; cursor < input.length(); cursor++) {
			if (input.charAt(cursor) == '$' && cursor + 1 < input.length()) {
				out.append(input, checkpoint, cursor);
				char next = input.charAt(cursor + 1);
				int advance = 1;
				if (next == '$') {
					out.append('$');
				}
				else if (next == '(') {
					int closer = input.indexOf(')', cursor + 2);
					if (closer < 0) {
						out.append("$(");
					}
					else {
						String name = input.substring(cursor + 2, closer);
						out.append(defined.containsKey(name) ? defined.get(name) : "$(" + name + ")");
						advance = closer - cursor;
					}
				}
				else {
					out.append('$').append(next);
				}
				cursor += advance;
				checkpoint = cursor + 1;
			}
		}
		return out.append(input.substring(checkpoint)).toString();
	}

}
