package io.keepalivelab.load;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The {@code timeline.json} of one scenario: measured requests that succeeded and failed in each second,
 * counted by when they ended, from the start of the first measured request. Written by the simulation, so
 * that a fault run shows when it lost requests and when it recovered, not only how many.
 *
 * @param succeeded successful requests per second, index 0 the first second
 * @param failed failed requests per second, as long as {@code succeeded}
 */
public record Timeline(List<Long> succeeded, List<Long> failed) {

	public static final String FILE_NAME = "timeline.json";

	public Timeline {
		succeeded = List.copyOf(Objects.requireNonNull(succeeded, "succeeded"));
		failed = List.copyOf(Objects.requireNonNull(failed, "failed"));
		if (succeeded.size() != failed.size()) {
			throw new IllegalArgumentException("succeeded and failed must cover the same seconds");
		}
	}

	public static Timeline read(Path file) {
		return Json.MAPPER.readValue(file, Timeline.class);
	}

	public void write(Path file) {
		Json.MAPPER.writeValue(file, this);
	}

	public int seconds() {
		return this.succeeded.size();
	}

}
