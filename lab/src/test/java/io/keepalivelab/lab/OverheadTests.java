package io.keepalivelab.lab;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import io.keepalivelab.lab.LabOptions.BadOption;
import io.keepalivelab.lab.Overhead.LatencyFigure;
import io.keepalivelab.lab.Overhead.LinkFigure;
import io.keepalivelab.lab.Overhead.Measurement;
import io.keepalivelab.lab.Overhead.ThroughputFigure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.within;

/** {@code --overhead}: its options, and the arithmetic and table it prints from the measured figures. */
class OverheadTests {

	private static final List<String> SYSTEMS = List.of("nginx", "reactor-netty", "lab netty", "lab tomcat");

	@Test
	void overheadMeasuresBothStacksAtTheDefaultSizesUnlessTold() {
		LabOptions options = LabCommand.parse("--overhead");

		assertThat(options.overhead).isTrue();
		assertThat(options.stacks).containsOnlyKeys("netty", "tomcat");
		assertThat(options.overheadWarmup).isEqualTo(30_000);
		assertThat(options.overheadRequests).isEqualTo(5_000);
		assertThat(options.overheadSeconds).isEqualTo(10);
		assertThat(options.jit).isEqualTo("c2");
		assertThat(LabCommand.parse("--overhead", "--stacks", "netty").stacks).containsOnlyKeys("netty");
		assertThat(LabCommand.parse().stacks).as("without --overhead, the usual default").containsOnlyKeys("netty");
	}

	@Test
	void quickSizesAreForACheckAndGiveWayToExplicitOnes() {
		LabOptions quick = LabCommand.parse("--overhead-quick");

		assertThat(quick.overhead).isTrue();
		assertThat(List.of(quick.overheadWarmup, quick.overheadRequests, quick.overheadSeconds))
			.isEqualTo(LabOptions.QUICK_OVERHEAD);
		LabOptions sized = LabCommand.parse("--overhead-requests", "1000", "--overhead-quick", "--overhead-seconds", "5");
		assertThat(sized.overheadRequests).isEqualTo(1000);
		assertThat(sized.overheadSeconds).isEqualTo(5);
		assertThat(sized.overheadWarmup).isEqualTo(LabOptions.QUICK_OVERHEAD.get(0));
	}

	@ParameterizedTest
	@ValueSource(strings = { "--overhead-warmup=-1", "--overhead-warmup=1000001", "--overhead-requests=99",
			"--overhead-requests=1000001", "--overhead-seconds=0", "--overhead-seconds=601", "--overhead-seconds=1.5",
			"--overhead-requests=lots" })
	void sizesOutsideTheirBoundsAreBadOptions(String option) {
		assertThatExceptionOfType(BadOption.class).isThrownBy(() -> LabCommand.parse("--overhead", option))
			.withMessageContaining(option.substring(0, option.indexOf('=')) + " must be an integer in");
	}

	@ParameterizedTest
	@ValueSource(strings = { "--soak", "--matrix", "--faults=idle-drop" })
	void overheadIsARunOfItsOwn(String other) {
		assertThatExceptionOfType(BadOption.class).isThrownBy(() -> LabCommand.parse("--overhead", other))
			.withMessage("--overhead and " + other.split("=")[0] + " are two different runs: choose one");
	}

	@Test
	void sizesWithoutOverheadAreBadOptions() {
		assertThatExceptionOfType(BadOption.class).isThrownBy(() -> LabCommand.parse("--overhead-seconds", "5"))
			.withMessageContaining("add --overhead");
	}

	@Test
	void perAddedHopIsHalfTheStepFromOneHopToThree() {
		assertThat(Overhead.perAddedHop(0.2, 1.5)).isCloseTo(0.65, within(1e-9));
		assertThat(Overhead.ratio(1770, 22300)).isCloseTo(0.0794, within(1e-4));
		assertThat(Overhead.ratio(1, 0)).isNaN();
		assertThat(Overhead.ratio(Double.NaN, 1)).isNaN();
	}

	@Test
	void theTableSetsEachLabStackBesideNginxWithTheirRatios() {
		List<Measurement> measurements = List.of(
				measurement("nginx", "reuse", 0.1, 0.15, 0.2, 22300, List.of(3.1, 5.4, 5.6)),
				measurement("nginx", "no-reuse", 0.1, 0.2, 0.3, 10620, List.of(9.0)),
				measurement("reactor-netty", "reuse", 0.07, 0.1, 0.13, 16000, List.of(60.2, 61.0, 66.4)),
				measurement("reactor-netty", "no-reuse", 0.07, 0.2, 0.33, 8000, List.of(60.0)),
				measurement("lab netty", "reuse", 0.2, 0.7, 1.5, 1770, List.of(230.6, 212.4, 226.0)),
				measurement("lab netty", "no-reuse", 0.2, 1.0, 2.2, 1140, List.of(300.0)),
				// no /proc: no resident memory
				measurement("lab tomcat", "reuse", 0.3, 1.0, 2.0, 1115, List.of()));

		List<String> table = Overhead.table(measurements, SYSTEMS);

		assertThat(table.get(0))
			.isEqualTo("|  | nginx 3-hop proxy chain | Reactor Netty alone, no Spring | lab netty | lab tomcat"
					+ " | reactor-netty / nginx | netty / nginx | tomcat / nginx |");
		assertThat(table).contains(
				"| p50 through 3 hops, 1 in flight, reuse | 0.200 ms | 0.130 ms | 1.50 ms | 2.00 ms | 0.65x | 7.50x | 10.00x |",
				"| per added hop, p50 ((3 hops - 1 hop) / 2), reuse | 0.050 ms | 0.030 ms | 0.650 ms | 0.850 ms | 0.60x | 13.00x | 17.00x |",
				"| throughput through 3 hops, 32 in flight, reuse | 22,300 req/s | 16,000 req/s | 1,770 req/s | 1,115 req/s | 0.72x | 0.079x | 0.050x |",
				// tomcat's no-reuse run is missing: a dash, not a guess
				"| reuse / no-reuse throughput | 2.10x | 2.00x | 1.55x | - | 0.95x | 0.74x | - |",
				// the reuse run's processes, lowest to highest
				"| resident memory per process after the reuse load | 3-6 MiB | 60-66 MiB | 212-231 MiB | - | - | - | - |");
		assertThat(table).allSatisfy((line) -> assertThat(line.chars().filter((c) -> c == '|').count()).isEqualTo(9));
	}

	@Test
	void thePageHoldsTheTablesWithTheirNumbersAlignedAndTheNotesEscaped() {
		String html = Overhead.html(List.of("overhead, 2026-12-04", "", "| | nginx | lab netty |", "| --- | --- | --- |",
				"| p50 | 0.200 ms | 1.50 ms |", "| resident memory | 3-6 MiB | 212-231 MiB |", "", "a <b> & \"c\""));

		assertThat(html).startsWith("<!DOCTYPE html>")
			.contains("<tr><th></th><th>nginx</th><th>lab netty</th></tr>")
			.contains("<tr><td>p50</td><td class=\"number\">0.200 ms</td><td class=\"number\">1.50 ms</td></tr>")
			.contains("<tr><td>resident memory</td><td class=\"number\">3-6 MiB</td><td class=\"number\">212-231 MiB</td></tr>")
			.contains("<p class=\"note\">a &lt;b&gt; &amp; &quot;c&quot;</p>")
			.doesNotContain("---")
			.endsWith("</html>\n");
	}

	@Test
	void theLinkTableSubtractsTheDirectPathAndWhatPhysicsAdds() {
		List<LinkFigure> links = List.of(new LinkFigure("direct", null, latency(0.1, 0.2)),
				new LinkFigure("through a 0 ms link", BigDecimal.ZERO, latency(0.15, 0.3)),
				new LinkFigure("through a 0.5 ms link", new BigDecimal("0.5"), latency(1.3, 1.9)));

		List<String> table = Overhead.linkTable(links);

		assertThat(table).containsSequence("| direct | 0.100 ms | 0.200 ms | 0.000 ms | - |",
				"| through a 0 ms link | 0.150 ms | 0.300 ms | 0.000 ms | +0.050 ms |",
				"| through a 0.5 ms link | 1.30 ms | 1.90 ms | 1.00 ms | +0.200 ms |");
	}

	private static Measurement measurement(String system, String mode, double oneHop, double twoHops, double threeHops,
			double perSecond, List<Double> residentMb) {
		return new Measurement(system, mode, Map.of(1, latency(oneHop, 2 * oneHop), 2, latency(twoHops, 2 * twoHops), 3,
				latency(threeHops, 2 * threeHops)), new ThroughputFigure(32, perSecond, (long) perSecond * 10, 10, 0, 0, -1), 0,
				residentMb);
	}

	private static LatencyFigure latency(double p50, double p99) {
		return new LatencyFigure(p50, p99, 1000, 0, 0);
	}

}
