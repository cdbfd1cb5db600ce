package io.keepalivelab.testsupport;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PortsTests {

	@Test
	void aClosedPortRefusesConnections() {
		int closed = Ports.closed();

		assertThat(Ports.accepts(closed)).isFalse();
		assertThatExceptionOfType(ConnectException.class)
			.isThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), closed).close());
	}

	@Test
	void aFreePortCanBeBoundAndThenAccepts() throws Exception {
		int free = Ports.free();

		try (ServerSocket server = new ServerSocket(free, 1, InetAddress.getLoopbackAddress())) {
			assertThat(Ports.accepts(free)).isTrue();
		}
	}
}
