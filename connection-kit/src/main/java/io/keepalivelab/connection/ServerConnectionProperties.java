package io.keepalivelab.connection;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.PositiveOrZero;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How many connections a service's Reactor Netty server keeps open: above {@code softLimit} it closes idle
 * connections, at {@code hardLimit} it refuses new ones. 0 means no limit, the default. Tomcat has limits of
 * its own ({@code server.tomcat.max-connections}, {@code accept-count}) and refuses these at startup.
 */
@Validated
@ConfigurationProperties("keepalive-lab.server.connections")
public record ServerConnectionProperties(@DefaultValue("0") @PositiveOrZero int softLimit,
		@DefaultValue("0") @PositiveOrZero int hardLimit) {

	@AssertTrue(message = "soft-limit must not exceed hard-limit (0 means no limit)")
	public boolean isSoftLimitWithinHardLimit() {
		return hardLimit == 0 || softLimit <= hardLimit;
	}
}
