package io.keepalivelab.connection;

import java.util.List;

import org.springframework.util.MultiValueMap;

/**
 * An integer query parameter with a default and an inclusive range. The chain's fan-out and work come
 * from the caller, so unbounded values would let one request cost any amount of work downstream.
 */
public record BoundedInt(String name, int min, int max, int defaultValue) {

	public BoundedInt {
		if (min > max || defaultValue < min || defaultValue > max) {
			throw new IllegalArgumentException(name + ": default " + defaultValue + " outside " + min + ".." + max);
		}
	}

	/** Reads the parameter from a query, or throws {@link InvalidParameterException} naming it. */
	public int from(MultiValueMap<String, String> query) {
		List<String> values = query.get(name);
		if (values == null || values.isEmpty()) {
			return defaultValue;
		}
		if (values.size() > 1) {
			throw invalid(name + " must be given once, got " + values.size() + " values");
		}
		String value = values.get(0);
		int parsed;
		try {
			parsed = Integer.parseInt(value == null ? "" : value.strip());
		}
		catch (NumberFormatException ex) {
			throw invalid(name + " must be an integer in " + allowed() + ", got '" + abbreviate(value) + "'");
		}
		if (parsed < min || parsed > max) {
			throw invalid(name + " must be in " + allowed() + ", got " + parsed);
		}
		return parsed;
	}

	public String allowed() {
		return min + ".." + max;
	}

	private InvalidParameterException invalid(String detail) {
		return new InvalidParameterException(name, allowed(), detail);
	}

	private static String abbreviate(String value) {
		if (value == null) {
			return "";
		}
		return value.length() <= 20 ? value : value.substring(0, 20) + "...";
	}
}
