package io.keepalivelab.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import static org.assertj.core.api.Assertions.fail;

/** The objects one rendering holds, found by kind and name. */
record Manifests(List<Map<String, Object>> objects) {

	@SuppressWarnings("unchecked")
	static Manifests parse(String yaml) {
		List<Map<String, Object>> objects = new ArrayList<>();
		for (Object document : yaml().loadAll(yaml)) {
			if (document != null) {
				objects.add((Map<String, Object>) document);
			}
		}
		return new Manifests(List.copyOf(objects));
	}

	/** One YAML file of the repository, anchors and merge keys resolved. */
	static Map<String, Object> load(Path file) {
		try {
			return yaml().load(Files.readString(file));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Yaml yaml() {
		return new Yaml(new SafeConstructor(new LoaderOptions()));
	}

	Manifests plus(Manifests other) {
		List<Map<String, Object>> all = new ArrayList<>(this.objects);
		all.addAll(other.objects);
		return new Manifests(List.copyOf(all));
	}

	List<Map<String, Object>> all(String kind) {
		return this.objects.stream().filter((object) -> kind.equals(object.get("kind"))).toList();
	}

	Optional<Map<String, Object>> find(String kind, String name) {
		return all(kind).stream().filter((object) -> name.equals(Node.text(object, "metadata", "name"))).findFirst();
	}

	Map<String, Object> get(String kind, String name) {
		return find(kind, name).orElseGet(() -> fail("no " + kind + " " + name + " among " + names()));
	}

	/** What a configMapGenerator made: its name followed by the hash of its content. */
	Map<String, Object> generated(String kind, String generator) {
		List<Map<String, Object>> matches = all(kind).stream()
			.filter((object) -> Node.text(object, "metadata", "name").matches("\\Q" + generator + "\\E-[a-z0-9]{10}"))
			.toList();
		if (matches.size() != 1) {
			fail("expected one " + kind + " generated as " + generator + " among " + names());
		}
		return matches.get(0);
	}

	List<String> names() {
		return this.objects.stream().map((object) -> object.get("kind") + "/" + Node.text(object, "metadata", "name")).toList();
	}

	/** The pod template's spec of a Deployment or a Job. */
	Map<String, Object> podSpec(String kind, String name) {
		return Node.map(get(kind, name), "spec", "template", "spec");
	}

	Map<String, Object> container(String kind, String name, String container) {
		return Node.named(Node.maps(podSpec(kind, name), "containers"), container);
	}

}
