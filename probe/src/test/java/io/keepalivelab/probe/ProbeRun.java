package io.keepalivelab.probe;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import picocli.CommandLine;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the probe command in the test's JVM, as {@code probe.sh} would, and keeps its exit code and output.
 */
record ProbeRun(int exitCode, String out, String err) {

	/** Small bounds for servers with settings of a few seconds. */
	static final List<String> FAST = List.of("--json", "--precision", "0.25s", "--max-idle", "8s", "--timeout", "2s",
			"--max-requests", "100", "--max-time", "60s", "--max-age", "2s");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	static ProbeRun of(String... args) {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		CommandLine command = new CommandLine(new ProbeCommand()).setOverwrittenOptionsAllowed(true);
		command.setOut(new PrintWriter(out));
		command.setErr(new PrintWriter(err));
		int exitCode = command.execute(args);
		return new ProbeRun(exitCode, out.toString(), err.toString());
	}

	/** The JSON report of a fast probe of the URL; extra arguments override the fast defaults. */
	static ProbeReport report(String url, String... args) {
		List<String> all = new ArrayList<>(FAST);
		all.addAll(List.of(args));
		all.add(url);
		ProbeRun run = of(all.toArray(String[]::new));
		assertThat(run.exitCode()).as(run.err()).isZero();
		return JSON.readValue(run.out(), ProbeReport.class);
	}

}
