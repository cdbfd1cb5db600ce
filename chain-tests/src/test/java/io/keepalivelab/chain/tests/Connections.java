package io.keepalivelab.chain.tests;

import io.keepalivelab.connection.ConnectionsEndpoint;
import io.keepalivelab.lab.Chain;
import io.keepalivelab.lab.ServiceProcess;

/** A service's {@code /actuator/connections}, read as connection-kit's own report type. */
final class Connections {

	private Connections() {
	}

	static ConnectionsEndpoint.Report of(Chain chain, ServiceProcess service) {
		return Chain.read(chain.get(service, "/actuator/connections").body(), ConnectionsEndpoint.Report.class);
	}

}
