package io.keepalivelab.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class ChangeTableTests {

	@RegisterExtension
	final RunDirectory run = new RunDirectory();

	@TempDir
	Path earlierRun;

	@Test
	void eachScenarioStandsBesideItsNamesakeInTheEarlierRunWithTheChange() throws IOException {
		this.run.writeDefaultRun();
		Path earlier = copyOfRun();
		// Today reuse.plain answers in 55 ms instead of 62.
		Histogram faster = new Histogram(3);
		faster.recordValueWithCount(55, 592);
		LatencyLog.write(this.run.dir().resolve("reuse.plain").resolve(LatencyLog.FILE_NAME), faster, 1_700_000_000_000L,
				10.0);

		assertThat(this.run.run("--compare=" + earlier, this.run.dir().toString(), "reuse.plain", "no-reuse.plain"))
			.isEqualTo(ComparisonReport.OK);

		assertThat(this.run.out()).contains("### Change since an earlier run")
			.contains("| scenario | p50 ms | p99 ms | throughput req/s | connections per request |")
			.contains("| reuse.plain | 62 -> 55 (-11.3%) | 70 -> 55 (-21.4%) | 59.2 -> 59.2 (+0.0%) | 0.020 -> 0.020 (+0.0%) |")
			.contains("| no-reuse.plain | 100 -> 100 (+0.0%) |")
			.contains("Earlier run: " + earlier);
		assertThat(this.run.html()).contains("<h2>Change since an earlier run</h2>");
	}

	@Test
	void aScenarioTheEarlierRunLacksIsSaidSo() throws IOException {
		this.run.writeDefaultRun();
		Path earlier = copyOfRun();
		deleteTree(earlier.resolve("no-reuse.plain"));

		assertThat(this.run.run("--compare=" + earlier, this.run.dir().toString(), "reuse.plain", "no-reuse.plain"))
			.isEqualTo(ComparisonReport.OK);

		assertThat(this.run.out()).contains("| no-reuse.plain | - [1] | - | - | - |")
			.contains("[1] The earlier run has no such scenario, or it could not be read.");
	}

	@Test
	void anEarlierRunThatIsNoDirectoryIsBadUsage() throws IOException {
		this.run.writeDefaultRun();

		assertThat(this.run.run("--compare=/no/such/run", this.run.dir().toString(), "reuse.plain"))
			.isEqualTo(ComparisonReport.INVALID_INPUT);

		assertThat(this.run.err()).isEqualTo("--compare: the earlier run /no/such/run is not a directory\n");
	}

	@Test
	void aChangeFromZeroIsNewAndZeroToZeroIsNone() {
		assertThat(ChangeTable.change(0, 0, "%.3f")).isEqualTo("0.000 -> 0.000 (0%)");
		assertThat(ChangeTable.change(0, 0.5, "%.3f")).isEqualTo("0.000 -> 0.500 (new)");
		assertThat(ChangeTable.change(100, 150, "%.0f")).isEqualTo("100 -> 150 (+50.0%)");
	}

	/** This run as it is now, as an earlier run to compare with once the test has changed this one. */
	private Path copyOfRun() throws IOException {
		Path copy = this.earlierRun;
		try (Stream<Path> files = Files.walk(this.run.dir())) {
			for (Path file : files.toList()) {
				Path target = copy.resolve(this.run.dir().relativize(file).toString());
				if (Files.isDirectory(file)) {
					Files.createDirectories(target);
				}
				else {
					Files.copy(file, target);
				}
			}
		}
		return copy;
	}

	private static void deleteTree(Path dir) throws IOException {
		try (Stream<Path> files = Files.walk(dir)) {
			for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(file);
			}
		}
	}

}
