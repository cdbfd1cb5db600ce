package io.keepalivelab.load;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One colour per scenario for the whole report, so that a scenario is the same colour in the summary, in
 * every chart and in every waterfall. A scenario with a reuse mode takes its mode's colour, the same in
 * every transport of a matrix; one without (a fault scenario, an old run) takes the next colour in order.
 * The colours are Okabe and Ito's, told apart with every common colour-vision deficiency.
 */
// Reference: https://jfly.uni-koeln.de/color/
final class ScenarioColours {

	/** Blue, vermillion, bluish green, reddish purple, orange, sky blue, black. */
	static final List<String> PALETTE = List.of("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9",
			"#000000");

	private final Map<String, String> byScenario;

	private ScenarioColours(Map<String, String> byScenario) {
		this.byScenario = byScenario;
	}

	static ScenarioColours of(List<ScenarioResult> scenarios) {
		Map<String, String> byScenario = new LinkedHashMap<>();
		int next = 0;
		for (ScenarioResult scenario : scenarios) {
			if (scenario.settings().isPresent()) {
				byScenario.put(scenario.name(), PALETTE.get(scenario.settings().get().mode().ordinal() % PALETTE.size()));
			}
			else {
				byScenario.put(scenario.name(), PALETTE.get(next++ % PALETTE.size()));
			}
		}
		return new ScenarioColours(byScenario);
	}

	String of(ScenarioResult scenario) {
		return this.byScenario.getOrDefault(scenario.name(), PALETTE.get(PALETTE.size() - 1));
	}

	/** A small square of the scenario's colour, to put before its name in HTML. */
	String swatch(ScenarioResult scenario) {
		return "<span class=\"swatch\" style=\"background:" + of(scenario) + "\"></span>";
	}

}
