package io.keepalivelab.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GatesTests {

	@RegisterExtension
	final RunDirectory run = new RunDirectory();

	@Test
	void aReuseGateFailsTheNoReuseChainNamingTheHopAndPassesReuse() throws IOException {
		this.run.writeDefaultRun();

		int status = this.run.run("--assert-reuse=public-api->orchestration-api<=0.01", this.run.dir().toString(),
				"reuse.plain", "no-reuse.plain");

		assertThat(status).isEqualTo(ComparisonReport.GATE_FAILED);
		assertThat(this.run.out()).contains("gate passed: scenario 'reuse.plain', reuse public-api->orchestration-api<=0.01\n");
		assertThat(this.run.err()).contains("gate FAILED: scenario 'no-reuse.plain', reuse "
				+ "public-api->orchestration-api<=0.01: public-api -> orchestration-api opened 1.000 connections per "
				+ "request (592 for 592 requests), more than the 0.01 allowed");
		String junit = Files.readString(this.run.dir().resolve(Gates.FILE_NAME));
		assertThat(junit).contains("<testsuite name=\"keepalive-lab gates\" tests=\"2\" failures=\"1\"")
			.contains("<testcase classname=\"keepalive-lab.reuse.plain\" name=\"reuse public-api-&gt;orchestration-api&lt;=0.01\"/>")
			.contains("<testcase classname=\"keepalive-lab.no-reuse.plain\"")
			.contains("<failure message=\"public-api -&gt; orchestration-api opened 1.000 connections per request");
	}

	@Test
	void gatesThatHoldPassTheRunAndStillWriteTheirReport() throws IOException {
		this.run.writeDefaultRun();

		int status = this.run.run("--assert-reuse=orchestration-api -> backend-api <= 0.05", "--assert-p50=1.3",
				this.run.dir().toString(), "reuse.plain");

		assertThat(status).as(this.run.err()).isEqualTo(ComparisonReport.OK);
		assertThat(this.run.out()).contains("gate passed: scenario 'reuse.plain', p50 / predicted <= 1.3\n");
		assertThat(Files.readString(this.run.dir().resolve(Gates.FILE_NAME))).contains("tests=\"2\" failures=\"0\"");
	}

	@Test
	void aP50GateSaysHowFarAboveThePredictionTheRunWas() throws IOException {
		this.run.writeDefaultRun();

		assertThat(this.run.run("--assert-p50=1.1", this.run.dir().toString(), "reuse.plain"))
			.isEqualTo(ComparisonReport.GATE_FAILED);

		assertThat(this.run.err()).contains("gate FAILED: scenario 'reuse.plain', p50 / predicted <= 1.1: p50 62 ms is "
				+ "1.17 x the predicted 53.0 ms, more than 1.1");
	}

	@Test
	void withoutGatesThereIsNoGateReport() throws IOException {
		this.run.writeDefaultRun();

		assertThat(this.run.report("reuse.plain", "no-reuse.plain")).isEqualTo(ComparisonReport.OK);

		assertThat(this.run.dir().resolve(Gates.FILE_NAME)).doesNotExist();
		assertThat(this.run.out()).doesNotContain("gate ");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			--assert-reuse=public-api<=0.01                 | --assert-reuse takes HOP<=MAX, e.g. public-api->orchestration-api<=0.01 or all<=0.01, got 'public-api<=0.01'
			--assert-reuse=client->backend-api<=0           | --assert-reuse: unknown hop 'client->backend-api' (known: all, client->public-api, public-api->orchestration-api, orchestration-api->backend-api)
			--assert-reuse=all<=lots                        | --assert-reuse takes HOP<=MAX, e.g. public-api->orchestration-api<=0.01 or all<=0.01, got 'all<=lots'
			--assert-p50=0                                  | --assert-p50 takes a ratio above 0 such as 1.3, got '0'
			--assert-p50=fast                               | --assert-p50 takes a ratio above 0 such as 1.3, got 'fast'
			--assert-everything                             | unknown option '--assert-everything'
			""")
	void aGateThatCannotBeReadIsBadUsageSayingWhy(String option, String message) throws IOException {
		this.run.writeDefaultRun();

		assertThat(this.run.run(option, this.run.dir().toString(), "reuse.plain")).isEqualTo(ComparisonReport.INVALID_INPUT);

		assertThat(this.run.err()).isEqualTo(message + "\n");
	}

}
