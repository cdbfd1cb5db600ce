package io.keepalivelab.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import org.junit.jupiter.api.extension.RegisterExtension;

class ConnectionsTableTests {

	@RegisterExtension
	final RunDirectory run = new RunDirectory();

	@Test
	void connectionRowsCompareEachHopWithPerfectReuse() {
		assertThat(this.run.report("reuse", "no-reuse")).isEqualTo(ComparisonReport.OK);
		assertThat(this.run.out())
			.contains("| scenario | hop | server: connections with requests | caller opened | on the wire | requests | opened per request "
					+ "| perfect reuse needs |")
			.contains("| reuse | client -> public-api | 4 | - | n/a [2] | 100 | 0.040 | 4 |")
			.contains("| reuse | public-api -> orchestration-api | 4 | 4 | n/a [2] | 100 | 0.040 | 4 |")
			.contains("| reuse | orchestration-api -> backend-api | 4 | 4 | n/a [2] | 200 | 0.020 | 4 |")
			.contains("| no-reuse | client -> public-api | 400 | - | n/a [2] | 400 | 1.000 | 4 [1] |")
			.contains("| no-reuse | public-api -> orchestration-api | 400 | 400 | n/a [2] | 400 | 1.000 | 4 |")
			.contains("| no-reuse | orchestration-api -> backend-api | 800 | 800 | n/a [2] | 800 | 1.000 | 4 |")
			.contains("[1] keepAlive=false");
	}

	@Test
	void linksAddTheConnectionsSeenOnTheWire() throws IOException {
		this.run.writeEmulatedRun();
		assertThat(this.run.report("reuse-plain", "no-reuse-tls12")).isEqualTo(ComparisonReport.OK);
		assertThat(this.run.out())
			.contains("| reuse-plain | client -> public-api | 4 | - | 4 | 100 | 0.040 | 4 |")
			.contains("| no-reuse-tls12 | client -> public-api | 400 | - | 412 | 400 | 1.000 | 4 [1] |")
			.contains("| no-reuse-tls12 | public-api -> orchestration-api | 400 | 400 | 412 | 400 | 1.000 | 4 |")
			.contains("| no-reuse-tls12 | orchestration-api -> backend-api | 800 | 800 | 824 | 800 | 1.000 | 4 |")
			.doesNotContain("No links.json");
	}

	@Test
	void countersReadBeforeTheLoadAreSubtracted() throws IOException {
		this.run.writeEmulatedRun();
		Path dir = this.run.dir().resolve("no-reuse-tls12");
		Path before = Files.createDirectories(dir.resolve("connections/before"));
		Files.writeString(before.resolve("public-api.json"),
				RunDirectory.connections("public-api", 100, 100, "orchestration-api", 100, 100));
		Files.writeString(before.resolve("orchestration-api.json"),
				RunDirectory.connections("orchestration-api", 100, 100, "backend-api", 200, 200));
		Files.writeString(before.resolve("backend-api.json"), RunDirectory.connections("backend-api", 200, 200, null, 0, 0));
		Files.writeString(dir.resolve(NetworkLinks.BEFORE_FILE_NAME), RunDirectory.links(15.0, 0, 100, 200));
		assertThat(this.run.report("reuse-plain", "no-reuse-tls12")).isEqualTo(ComparisonReport.OK);
		assertThat(this.run.out())
			.contains("| no-reuse-tls12 | client -> public-api | 300 | - | 412 | 300 | 1.000 | 4 [1] |")
			.contains("| no-reuse-tls12 | public-api -> orchestration-api | 300 | 300 | 312 | 300 | 1.000 | 4 |")
			.contains("| no-reuse-tls12 | orchestration-api -> backend-api | 600 | 600 | 624 | 600 | 1.000 | 4 |");
	}

	@Test
	void requestLimitClosesBeforeTheLoadAreSubtracted() throws IOException {
		this.run.writeStackScenario("reuse.plain.tomcat", "tomcat", "tomcat", "tomcat");
		Path before = Files.createDirectories(this.run.dir().resolve("reuse.plain.tomcat/connections/before"));
		Files.writeString(before.resolve("public-api.json"),
				RunDirectory.stackConnections("public-api", "tomcat", 64, 6000, 60, "orchestration-api", 64, 6000));
		Files.writeString(before.resolve("orchestration-api.json"),
				RunDirectory.stackConnections("orchestration-api", "tomcat", 64, 6000, 60, "backend-api", 124, 12000));
		Files.writeString(before.resolve("backend-api.json"),
				RunDirectory.stackConnections("backend-api", "tomcat", 124, 12000, 120, null, 0, 0));
		this.run.writeLinks("reuse.plain.tomcat", 14 + 64, 14 + 64, 24 + 124);
		Files.writeString(this.run.dir().resolve("reuse.plain.tomcat").resolve(NetworkLinks.BEFORE_FILE_NAME),
				RunDirectory.links(15.0, 64, 64, 124));
		this.run.rewriteConnections("reuse.plain.tomcat", new String[] { "tomcat", "tomcat", "tomcat" },
				new long[] { 64, 64, 124 }, 6000, new long[] { 60, 60, 120 });
		assertThat(this.run.report("reuse.plain.tomcat")).isEqualTo(ComparisonReport.OK);
		assertThat(this.run.out())
			.contains("| reuse.plain.tomcat | client -> public-api | tomcat | 14 | - | 14 | 1000 | 0.014 "
					+ "| 10 (limit 100) | 4 |")
			.contains("| reuse.plain.tomcat | orchestration-api -> backend-api | tomcat | 24 | 24 | 24 | 2000 | 0.012 "
					+ "| 20 (limit 100) | 4 |");
	}

	@Test
	void serverColumnCountsConnectionsThatCarriedRequestsNotEveryAcceptedOne() {
		ConnectionsSnapshot.Inbound inbound = Json.MAPPER.readValue("""
				{"accepted":10,"refused":3,"tlsFailed":2,"unused":1,"carriedRequests":4,"active":4,"requests":100,
				 "policy":{"evicted":0,"refused":3}}
				""", ConnectionsSnapshot.Inbound.class);
		assertThat(inbound.carriedRequests()).isEqualTo(4);
	}

	@Test
	void aFileFromBeforeEveryAcceptedConnectionWasCountedReadsItsAcceptedAsCarriedRequests() {
		ConnectionsSnapshot.Inbound inbound = Json.MAPPER.readValue("""
				{"accepted":4,"active":4,"requests":100,"policy":{"evicted":0,"refused":0}}
				""", ConnectionsSnapshot.Inbound.class);
		assertThat(inbound.carriedRequests()).isEqualTo(4);
	}

	@Test
	void inboundWithNeitherFigureIsMalformed() {
		assertThatExceptionOfType(JacksonException.class).isThrownBy(() -> Json.MAPPER.readValue("""
				{"active":4,"requests":100,"policy":{"evicted":0,"refused":0}}
				""", ConnectionsSnapshot.Inbound.class)).withRootCauseInstanceOf(IllegalArgumentException.class);
	}

}
