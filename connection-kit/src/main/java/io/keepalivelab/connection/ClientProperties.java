package io.keepalivelab.connection;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How every outbound client of a service connects. The reuse profiles switch {@code keepAlive} and
 * {@code clientPerRequest}; the defaults live in {@code keepalive-lab.yml}.
 */
@Validated
@ConfigurationProperties("keepalive-lab.client")
public record ClientProperties(
		@NotNull Boolean keepAlive,
		@NotNull Boolean clientPerRequest,
		@NotNull @DurationMin(millis = 1) @DurationMax(minutes = 5) Duration connectTimeout,
		@NotNull @Valid Pool pool) {

	/** The Reactor Netty connection pool of one downstream. */
	public record Pool(
			@NotNull @Min(1) @Max(10_000) Integer maxConnections,
			@NotNull @DurationMin(millis = 1) Duration maxIdleTime,
			@NotNull @DurationMin(millis = 1) Duration maxLifeTime,
			@NotNull @DurationMin(millis = 1) Duration evictionInterval,
			@NotNull @DurationMin(millis = 1) Duration pendingAcquireTimeout) {
	}
}
