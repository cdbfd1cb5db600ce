package io.keepalivelab.deploy;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.fail;

/** Walks parsed YAML (maps, lists, scalars) by key; a missing step fails with the path it took. */
final class Node {

	private Node() {
	}

	static Optional<Object> find(Object node, String... path) {
		Object current = node;
		for (String key : path) {
			if (!(current instanceof Map<?, ?> map) || !map.containsKey(key)) {
				return Optional.empty();
			}
			current = map.get(key);
		}
		return Optional.ofNullable(current);
	}

	static Object at(Object node, String... path) {
		return find(node, path).orElseGet(() -> fail("no " + String.join(".", path) + " in " + node));
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> map(Object node, String... path) {
		Object value = at(node, path);
		if (!(value instanceof Map)) {
			fail(String.join(".", path) + " is not a map: " + value);
		}
		return (Map<String, Object>) value;
	}

	@SuppressWarnings("unchecked")
	static List<Object> list(Object node, String... path) {
		Object value = at(node, path);
		if (!(value instanceof List)) {
			fail(String.join(".", path) + " is not a list: " + value);
		}
		return (List<Object>) value;
	}

	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> maps(Object node, String... path) {
		return (List<Map<String, Object>>) (List<?>) list(node, path);
	}

	static String text(Object node, String... path) {
		return String.valueOf(at(node, path));
	}

	/** The map in a list whose {@code name} is the given one (containers, env, ports, volumes). */
	static Map<String, Object> named(List<Map<String, Object>> items, String name) {
		return items.stream()
			.filter((item) -> name.equals(item.get("name")))
			.findFirst()
			.orElseGet(() -> fail("nothing named " + name + " in " + items));
	}

}
