package io.keepalivelab.probe;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.keepalivelab.testsupport.ScriptedHttpServer;
import io.keepalivelab.testsupport.ScriptedHttpServer.Action;
import io.keepalivelab.testsupport.ScriptedHttpServer.Unanswered;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --emit spring} against a server with a known idle timeout: the one property line it prints declares a
 * timeout no longer than the configured one, under the name given.
 */
class EmitSpringIntegrationTests {

	private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(1);

	@Test
	void emitsTheIdleTimeoutThatTheStartupCheckReads() throws IOException {
		try (ScriptedHttpServer server = ScriptedHttpServer.with((request) -> Action.answer())
			.idleTimeout(IDLE_TIMEOUT, Unanswered.CLOSE)
			.start()) {
			List<String> args = new ArrayList<>(ProbeRun.FAST);
			args.remove("--json");
			args.addAll(List.of("--emit", "spring", "--name", "backend-api", server.baseUrl() + "/"));

			ProbeRun run = ProbeRun.of(args.toArray(String[]::new));

			assertThat(run.exitCode()).as(run.err()).isZero();
			List<String> properties = run.out().lines().filter((line) -> !line.startsWith("#")).toList();
			assertThat(properties).singleElement()
				.satisfies((line) -> assertThat(line).matches("keepalive-lab\\.downstreams\\.backend-api\\.idle-timeout="
						+ "\\d+(ms|s)"));
			String value = properties.get(0).substring(properties.get(0).indexOf('=') + 1);
			long millis = value.endsWith("ms") ? Long.parseLong(value.replace("ms", ""))
					: Long.parseLong(value.replace("s", "")) * 1000;
			assertThat(millis).isPositive().isLessThanOrEqualTo(IDLE_TIMEOUT.toMillis() + 50);
		}
	}

	@Test
	void emitAndJsonTogetherAreRefused() {
		ProbeRun run = ProbeRun.of("--json", "--emit", "spring", "http://127.0.0.1/");

		assertThat(run.exitCode()).isEqualTo(2);
		assertThat(run.err()).contains("--json and --emit each replace the report: choose one");
	}

	@Test
	void aNameThatIsNoSpringMapKeyIsRefused() {
		ProbeRun run = ProbeRun.of("--emit", "spring", "--name", "Backend.API", "http://127.0.0.1/");

		assertThat(run.exitCode()).isEqualTo(2);
		assertThat(run.err()).contains("--name must be lower-case letters, digits and '-'");
	}

}
