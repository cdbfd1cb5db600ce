package io.keepalivelab.chain;

import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Pattern;

import org.springframework.util.MultiValueMap;

/**
 * An integer query parameter with a default and an inclusive range. The chain's fan-out and work come
 * from the caller, so unbounded values would let one request cost any amount of work downstream.
 */
public record BoundedInt(String name, int min, int max, int defaultValue) {

	/** ASCII digits only: {@link Integer#parseInt} also reads other scripts' digits, such as '١٢' or '１２'. */
	private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");

	private static final int SHOWN_CHARACTERS = 20;

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
		String value = (values.get(0) != null) ? values.get(0) : "";
		OptionalInt integer = parseInteger(value.strip());
		if (integer.isEmpty()) {
			throw invalid(name + " must be an integer in " + allowed() + ", got '" + abbreviate(value) + "'");
		}
		int parsed = integer.getAsInt();
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

	private static OptionalInt parseInteger(String text) {
		if (!INTEGER.matcher(text).matches()) {
			return OptionalInt.empty();
		}
		try {
			return OptionalInt.of(Integer.parseInt(text));
		}
		catch (NumberFormatException beyondInt) {
			return OptionalInt.empty();
		}
	}

	/** Cut between code points, never inside a surrogate pair: half an emoji is not valid text in JSON. */
	private static String abbreviate(String value) {
		if (value.codePointCount(0, value.length()) <= SHOWN_CHARACTERS) {
			return value;
		}
		return value.substring(0, value.offsetByCodePoints(0, SHOWN_CHARACTERS)) + "...";
	}
}
