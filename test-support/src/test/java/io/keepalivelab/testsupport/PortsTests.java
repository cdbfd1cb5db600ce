package io.keepalivelab.testsupport;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assumptions.assumeThat;

class PortsTests {

	@Test
	void aClosedPortRefusesConnections() {
		int closed = Ports.closed();

		assertThat(Ports.accepts(closed)).isFalse();
		assertThatExceptionOfType(ConnectException.class)
			.isThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), closed).close());
	}

	@Test
	void freePortsLieBelowTheKernelsEphemeralRangeSoNoOutgoingConnectionTakesThem() throws Exception {
		Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
		assumeThat(range).exists();
		int ephemeralLow = Integer.parseInt(Files.readAllLines(range).get(0).trim().split("\\s+")[0]);
		assumeThat(ephemeralLow).isGreaterThan(11_000);

		List<Integer> ports = IntStream.range(0, 20).mapToObj(i -> Ports.free()).toList();

		assertThat(ports).doesNotHaveDuplicates().allSatisfy(port -> assertThat(port).isLessThan(ephemeralLow));
	}

	@Test
	void aFreePortCanBeBoundAndThenAccepts() throws Exception {
		int free = Ports.free();

		try (ServerSocket server = new ServerSocket(free, 1, InetAddress.getLoopbackAddress())) {
			assertThat(Ports.accepts(free)).isTrue();
		}
	}
}
