package io.keepalivelab.link;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EmulatorOptionsTests {

	@Test
	void readsLinksBindAddressAndAdminPort() {
		EmulatorOptions options = EmulatorOptions.parse("--link", "customer=18080:127.0.0.1:8080:15", "--bind",
				"0.0.0.0", "--link", "dc=0:backend:8081:0.5:0.125", "--admin-port", "9000");

		assertEquals(List.of(
				new LinkConfig("customer", "0.0.0.0", 18080, "127.0.0.1", 8080, Duration.ofMillis(15), Duration.ZERO),
				new LinkConfig("dc", "0.0.0.0", 0, "backend", 8081, Duration.ofNanos(500_000), Duration.ofNanos(125_000))),
				options.links());
		assertEquals("0.0.0.0", options.bindAddress());
		assertEquals(OptionalInt.of(9000), options.adminPort());
	}

	@Test
	void bindsToLoopbackWithoutAdminEndpointByDefault() {
		EmulatorOptions options = EmulatorOptions.parse("--link", "a=0:localhost:80:0");

		assertEquals(LinkConfig.LOOPBACK, options.links().get(0).bindAddress());
		assertEquals(OptionalInt.empty(), options.adminPort());
		assertEquals(Map.of(), options.idleDropAfter());
	}

	@Test
	void readsTheIdleDropALinkStartsWith() {
		EmulatorOptions options = EmulatorOptions.parse("--fault", "b=idle-drop:350000", "--link", "a=0:h:80:5",
				"--link", "b=0:h:81:5");

		assertEquals(Map.of("b", Duration.ofSeconds(350)), options.idleDropAfter());
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
			""                                          | at least one --link is needed
			--verbose                                   | unknown argument '--verbose'
			--link                                      | --link needs a value
			--link a=0:h:80                             | a link must look like name=listenPort:targetHost:targetPort:delayMs[:jitterMs], got 'a=0:h:80'
			--link =0:h:80:5                            | a link must look like
			--link a=0:h:80:5:1:1                       | a link must look like
			--link a?=0:h:80:5                          | link name must be 1-64 letters, digits, '.', '_' or '-', got 'a?'
			--link a=x:h:80:5                           | link 'a': listen port must be an integer, got 'x'
			--link a=70000:h:80:5                       | link 'a': listen port must be between 0 and 65535, got 70000
			--link a=0:h:0:5                            | link 'a': target port must be between 1 and 65535, got 0
			--link a=0:h/x:80:5                         | link 'a': target host must be a host name or an IP address, got 'h/x'
			--link a=0::80:5                            | link 'a': target host must be a host name or an IP address, got ''
			--link a=0:h:80:fast                        | link 'a': delay must be a number of milliseconds such as 15 or 0.5, got 'fast'
			--link a=0:h:80:1e3                         | link 'a': delay must be a number of milliseconds
			--link a=0:h:80:-5                          | link 'a': delay must be between 0 and 10000 ms, got -5 ms
			--link a=0:h:80:10000.5                     | link 'a': delay must be between 0 and 10000 ms, got 10000.5 ms
			--link a=0:h:80:5:6                         | link 'a': jitter must be between 0 and the delay (5 ms), got 6 ms
			--link a=0:h:80:5:-1                        | link 'a': jitter must be between 0 and the delay (5 ms), got -1 ms
			--link a=0:h:80:5 --link a=0:h:81:5         | link 'a' is defined twice
			--link a=9000:h:80:5 --link b=9000:h:81:5   | link 'b': listen port 9000 is already taken
			--admin-port 9000 --link a=9000:h:80:5      | link 'a': listen port 9000 is already taken
			--admin-port x --link a=0:h:80:5            | --admin-port must be an integer, got 'x'
			--admin-port 65536 --link a=0:h:80:5        | --admin-port must be between 0 and 65535, got 65536
			--bind a/b --link a=0:h:80:5                | link 'a': bind address must be a host name or an IP address, got 'a/b'
			--link a=0:h:80:5 --fault                   | --fault needs a value
			--link a=0:h:80:5 --fault a=idle-drop       | a fault must look like name=idle-drop:afterMs, got 'a=idle-drop'
			--link a=0:h:80:5 --fault idle-drop:5       | a fault must look like name=idle-drop:afterMs, got 'idle-drop:5'
			--link a=0:h:80:5 --fault b=idle-drop:5     | --fault b=idle-drop:5: there is no link 'b' (links: a)
			--link a=0:h:80:5 --fault a=freeze:5        | link 'a': unknown fault 'freeze', a link can start with idle-drop only
			--link a=0:h:80:5 --fault a=idle-drop:soon  | link 'a': idle-drop must be a whole number of milliseconds from 1 to 3600000, got 'soon'
			--link a=0:h:80:5 --fault a=idle-drop:0     | link 'a': idle-drop must be a whole number of milliseconds from 1 to 3600000, got '0'
			--link a=0:h:80:5 --fault a=idle-drop:1.5   | link 'a': idle-drop must be a whole number of milliseconds from 1 to 3600000, got '1.5'
			--link a=0:h:80:5 --fault a=idle-drop:3600001 | link 'a': idle-drop must be a whole number of milliseconds from 1 to 3600000, got '3600001'
			--link a=0:h:80:5 --fault a=idle-drop:5 --fault a=idle-drop:6 | link 'a': idle-drop is given twice
			""")
	void rejectsBadArgumentsWithAClearMessage(String commandLine, String message) {
		String[] args = commandLine.isEmpty() ? new String[0] : commandLine.split(" ");

		IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
				() -> EmulatorOptions.parse(args));
		assertEquals(message, failure.getMessage().substring(0, Math.min(message.length(), failure.getMessage().length())),
				failure.getMessage());
	}

}
