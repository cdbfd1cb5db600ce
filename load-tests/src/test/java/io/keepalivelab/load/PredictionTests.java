package io.keepalivelab.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

class PredictionTests {

	private static final Predicate<Hop> NOTHING_RESUMED = (hop) -> false;

	@Test
	void publishedChainAllReusedOverPlainHttpIs53Milliseconds() {
		Prediction prediction = Prediction.of(settings(ReuseMode.REUSE, Transport.PLAIN, true), NOTHING_RESUMED);
		assertThat(prediction.totalMs()).isCloseTo(53.0, within(1e-9));
		assertThat(prediction.hops()).extracting(Prediction.HopCost::roundTrips).containsExactly(1, 1, 1);
		assertThat(prediction.hops()).extracting(Prediction.HopCost::msPerRequest).containsExactly(30.0, 1.0, 2.0);
		assertThat(prediction.workMs()).isEqualTo(20.0);
	}

	@Test
	void noReuseOverTls12WithClosingClientPaysTcpAndTwoTlsRoundTripsOnEveryHopAndCall() {
		Prediction prediction = Prediction.of(settings(ReuseMode.NO_REUSE, Transport.TLS12, false), NOTHING_RESUMED);
		assertThat(prediction.totalMs()).isCloseTo(152.0, within(1e-9));
		assertThat(prediction.hops()).extracting(Prediction.HopCost::roundTrips).containsExactly(4, 4, 4);
		assertThat(prediction.hops()).extracting(Prediction.HopCost::callsPerRequest).containsExactly(1, 1, 2);
		assertThat(prediction.hops()).extracting(Prediction.HopCost::msPerRequest).containsExactly(120.0, 4.0, 8.0);
	}

	@Test
	void noReuseOverTls13WithClosingClientSavesOneRoundTripPerNewConnection() {
		assertThat(Prediction.of(settings(ReuseMode.NO_REUSE, Transport.TLS13, false), NOTHING_RESUMED).totalMs())
			.isCloseTo(119.0, within(1e-9));
		// HTTP/2 waits for the server's SETTINGS on every new connection: one more round trip per hop and call.
		assertThat(Prediction.of(settings(ReuseMode.NO_REUSE, Transport.H2, false), NOTHING_RESUMED).totalMs())
			.isCloseTo(119.0 + 30 + 1 + 2, within(1e-9));
	}

	@Test
	void h2cReusedInsideWithClosingClientPaysOnlyTheCustomerConnectionSetup() {
		Prediction prediction = Prediction.of(settings(ReuseMode.REUSE, Transport.H2C, false), NOTHING_RESUMED);
		assertThat(prediction.hops()).extracting(Prediction.HopCost::newConnection).containsExactly(true, false, false);
		assertThat(prediction.totalMs()).isCloseTo(90 + 1 + 2 + 20, within(1e-9));
		assertThat(Prediction.of(settings(ReuseMode.REUSE, Transport.H2C, true), NOTHING_RESUMED).totalMs()).isCloseTo(53.0,
				within(1e-9));
	}

	@Test
	void everyModeButReuseOpensConnectionsOnTheInternalHops() {
		for (ReuseMode mode : ReuseMode.values()) {
			Prediction prediction = Prediction.of(settings(mode, Transport.PLAIN, true), NOTHING_RESUMED);
			assertThat(prediction.hops()).extracting(Prediction.HopCost::newConnection)
				.containsExactly(false, mode != ReuseMode.REUSE, mode != ReuseMode.REUSE);
		}
		assertThat(Prediction.of(settings(ReuseMode.NO_REUSE_CLIENT_PER_REQUEST, Transport.PLAIN, true), NOTHING_RESUMED).totalMs())
			.isCloseTo(30 + 2 + 2 * (2 + 10), within(1e-9));
	}

	@Test
	void resumedTls12SessionCostsOneTlsRoundTripLikeTls13() {
		Prediction.HopCost full = new Prediction.HopCost(Hop.CLIENT_TO_PUBLIC, Transport.TLS12, 15, true, false, 1);
		Prediction.HopCost resumed = new Prediction.HopCost(Hop.CLIENT_TO_PUBLIC, Transport.TLS12, 15, true, true, 1);
		assertThat(full.roundTrips()).isEqualTo(4);
		assertThat(resumed.roundTrips()).isEqualTo(3);
		assertThat(Transport.TLS13.handshakeRoundTrips(true)).isEqualTo(2);
		assertThat(Transport.PLAIN.handshakeRoundTrips(true)).isEqualTo(1);
	}

	@Test
	void internalHopsThatResumeTls12PayOneTlsRoundTripTheCustomerHopNone() {
		Prediction prediction = Prediction.of(settings(ReuseMode.NO_REUSE, Transport.TLS12, false), (hop) -> true);
		assertThat(prediction.hops()).extracting(Prediction.HopCost::resumed).containsExactly(false, true, true);
		assertThat(prediction.hops()).extracting(Prediction.HopCost::roundTrips).containsExactly(4, 3, 3);
		assertThat(prediction.totalMs()).isCloseTo(30 * 4 + 3 + 2 * (3 + 10), within(1e-9));
	}

	@Test
	void newHttp2ConnectionWaitsOneMoreRoundTripForTheServersSettings() {
		assertThat(Transport.H2.newConnectionRoundTrips(false)).isEqualTo(Transport.TLS13.newConnectionRoundTrips(false) + 1);
		assertThat(Transport.H2C.newConnectionRoundTrips(false)).isEqualTo(Transport.PLAIN.newConnectionRoundTrips(false) + 1);
		assertThat(Transport.H2.handshakeRoundTrips(false)).isEqualTo(Transport.TLS13.handshakeRoundTrips(false));
		Prediction.HopCost reused = new Prediction.HopCost(Hop.CLIENT_TO_PUBLIC, Transport.H2, 15, false, false, 1);
		assertThat(reused.roundTrips()).isEqualTo(1);
	}

	@Test
	void ratioAgreesWithinTolerance() {
		assertThat(Prediction.agrees(0.85)).isTrue();
		assertThat(Prediction.agrees(1.25)).isTrue();
		assertThat(Prediction.agrees(0.84)).isFalse();
		assertThat(Prediction.agrees(1.31)).isFalse();
		assertThat(Prediction.of(settings(ReuseMode.REUSE, Transport.PLAIN, true), NOTHING_RESUMED).ratio(106)).isCloseTo(2.0,
				within(1e-9));
	}

	private static ScenarioSettings settings(ReuseMode mode, Transport transport, boolean clientKeepAlive) {
		return new ScenarioSettings("test", mode, transport, 15.0, 0.5, 2, 10, clientKeepAlive, "c2", Map.of());
	}

}
