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
 * was dead (see {@link DownstreamClient}). The defaults are the hardened client, {@code reuse}.
 *
 * @param keepAlive keep connections open between calls; off is the {@code no-reuse} profile
 * @param clientPerRequest a new client and pool for every call, disposed after it: the
 * {@code client-per-request} profile
 * @param protocol the HTTP version spoken to every downstream
 * @param tls TLS towards every downstream, none for clear text
 * @param connectTimeout how long a new connection may take to open
 * @param pool the connection pool of each downstream
 * @param retryDeadConnections an idempotent call (GET, HEAD, PUT, DELETE, OPTIONS, TRACE) that went out on
 * a reused pooled connection and got no answer because that connection closed or was reset is sent once more,
 * on another connection: never a timeout, never POST or PATCH, never a failure on a new connection, so never
 * in no-reuse or client-per-request, which reuse nothing. false shows the naive client.
 */
@Validated
@ConfigurationProperties("keepalive-lab.client")
public record ClientProperties(
		@DefaultValue("true") @NotNull Boolean keepAlive,
		@DefaultValue("false") @NotNull Boolean clientPerRequest,
		@DefaultValue("http11") @NotNull Protocol protocol,
		@Valid Tls tls,
		@DefaultValue("2s") @NotNull @DurationMin(millis = 1) @DurationMax(minutes = 5) Duration connectTimeout,
		@DefaultValue @NotNull @Valid Pool pool,
		@DefaultValue("true") @NotNull Boolean retryDeadConnections) {

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
	 * The Reactor Netty connection pool of one downstream.
	 *
	 * @param maxConnections connections open at most
	 * @param maxIdleTime below the downstream server's idle timeout and below any idle drop on the path (a NAT
	 * or load balancer that forgets idle connections silently), so that the pool closes an idle connection
	 * before anything else does and a request never lands on a connection closed under it; give the facts per
	 * downstream ({@code keepalive-lab.downstreams.<name>.idle-timeout}, {@code .idle-drop}): a broken rule is
	 * a WARN at startup
	 * @param maxLifeTime a connection's age at most
	 * @param evictionInterval how often idle connections are closed in the background; 0 turns that off, and
	 * {@code maxIdleTime} is then only checked when the pool is used
	 * @param pendingAcquireTimeout how long a call waits for a free connection (503 after it)
	 * @param pendingAcquireMaxCount how many calls may wait: past them a call is a 503 at once instead of
	 * queueing; twice {@code maxConnections}
	 */
	public record Pool(
			@DefaultValue("50") @NotNull @Min(1) @Max(10_000) Integer maxConnections,
			@DefaultValue("20s") @NotNull @DurationMin(millis = 1) Duration maxIdleTime,
			@DefaultValue("5m") @NotNull @DurationMin(millis = 1) Duration maxLifeTime,
			@DefaultValue("5s") @NotNull @DurationMin(millis = 0) Duration evictionInterval,
			@DefaultValue("5s") @NotNull @DurationMin(millis = 1) Duration pendingAcquireTimeout,
			@DefaultValue("100") @NotNull @Min(0) @Max(100_000) Integer pendingAcquireMaxCount) {

		public boolean evictsInBackground() {
			return !evictionInterval.isZero();
		}
	}
}
