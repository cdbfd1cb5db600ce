package io.keepalivelab.connection;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where a service's downstreams are, by name: {@code keepalive-lab.downstreams.backend-api.base-url}.
 * The name is the downstream's service name; it labels hops, pools and counters.
 */
@Validated
@ConfigurationProperties("keepalive-lab")
public record DownstreamProperties(Map<String, @Valid Downstream> downstreams) {

	public DownstreamProperties {
		downstreams = downstreams == null ? Map.of() : Map.copyOf(downstreams);
	}

	/**
	 * One downstream service, how long a call to it may take before it counts as timed out, and what is
	 * known about how long its connections may stay idle: the downstream server's idle timeout and the idle
	 * limit of a middlebox on the path (a NAT or load balancer that forgets idle connections silently).
	 * Both are optional; when given, the pool's max-idle-time is checked against them at startup.
	 */
	public record Downstream(
			@NotNull URI baseUrl,
			@NotNull @DurationMin(millis = 1) @DurationMax(minutes = 10) Duration responseTimeout,
			@DurationMin(millis = 1) Duration idleTimeout,
			@DurationMin(millis = 1) Duration idleDrop) {

		@AssertTrue(message = "must be an absolute http:// or https:// URL")
		public boolean isHttpUrl() {
			return baseUrl == null || (baseUrl.getHost() != null
					&& ("http".equals(baseUrl.getScheme()) || "https".equals(baseUrl.getScheme())));
		}
	}
}
