package io.keepalivelab.connection;

import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How every outbound client of a service connects. The reuse profiles switch {@code keepAlive} and
 * {@code clientPerRequest}, the transport profiles {@code protocol} and {@code tls};
 * {@code retryDeadConnections} sends an idempotent call once more when the reused connection it went out on
 * was dead (see {@link DownstreamClient}). The defaults live in {@code keepalive-lab.yml}.
 */
@Validated
@ConfigurationProperties("keepalive-lab.client")
public record ClientProperties(
		@NotNull Boolean keepAlive,
		@NotNull Boolean clientPerRequest,
		@NotNull Protocol protocol,
		@Valid Tls tls,
		@NotNull @DurationMin(millis = 1) @DurationMax(minutes = 5) Duration connectTimeout,
		@NotNull @Valid Pool pool,
		@NotNull Boolean retryDeadConnections) {

	/** The HTTP version spoken to every downstream. */
	public enum Protocol {

		/** HTTP/1.1, over TLS when {@code tls} is set. */
		HTTP11,
		/** HTTP/2 over TLS, negotiated with ALPN: needs {@code tls}. */
		H2,
		/** HTTP/2 in clear text, with prior knowledge. */
		H2C
	}

	/**
	 * TLS towards every downstream: the SSL bundle whose trust store holds the CA to trust, the versions
	 * offered (one version pins it), and whether a new connection may resume an earlier TLS 1.2 session
	 * (one round trip instead of two; on by default, as in the JDK). TLS 1.3 resumes with a ticket either way, in one round trip like a
	 * full TLS 1.3 handshake.
	 */
	public record Tls(@NotBlank String bundle, @NotEmpty List<@Pattern(regexp = "TLSv1\\.[23]") String> protocols,
			@DefaultValue("true") boolean sessionResumption) {
	}

	public boolean secure() {
		return tls != null;
	}

	@AssertTrue(message = "h2 needs TLS (keepalive-lab.client.tls) and h2c must not have it")
	public boolean isProtocolMatchingTls() {
		return protocol == null || (protocol == Protocol.H2) == (tls != null) || protocol == Protocol.HTTP11;
	}

	/**
	 * The Reactor Netty connection pool of one downstream. An eviction interval of zero turns background
	 * eviction off; a call that finds every connection busy and {@code pendingAcquireMaxCount} calls
	 * already waiting fails at once instead of queueing.
	 */
	public record Pool(
			@NotNull @Min(1) @Max(10_000) Integer maxConnections,
			@NotNull @DurationMin(millis = 1) Duration maxIdleTime,
			@NotNull @DurationMin(millis = 1) Duration maxLifeTime,
			@NotNull @DurationMin(millis = 0) Duration evictionInterval,
			@NotNull @DurationMin(millis = 1) Duration pendingAcquireTimeout,
			@NotNull @Min(0) @Max(100_000) Integer pendingAcquireMaxCount) {

		public boolean evictsInBackground() {
			return !evictionInterval.isZero();
		}
	}
}
