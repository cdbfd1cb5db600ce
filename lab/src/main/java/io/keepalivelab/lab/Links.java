package io.keepalivelab.lab;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * The emulated network of a chain: the one-way delay of the link in front of each service, the jitter on
 * every link, and the links that forget idle connections as a NAT does.
 */
public record Links(Map<Service, BigDecimal> delayMs, BigDecimal jitterMs, Map<Service, Duration> idleDrops) {

	public Links {
		delayMs = Map.copyOf(delayMs);
		idleDrops = Map.copyOf(idleDrops);
	}

	/** The customer link (load generator to public-api) with {@code customerMs}, the links between services with {@code internalMs}. */
	public static Links of(BigDecimal customerMs, BigDecimal internalMs, BigDecimal jitterMs) {
		Map<Service, BigDecimal> delays = new EnumMap<>(Service.class);
		delays.put(Service.PUBLIC_API, customerMs);
		delays.put(Service.ORCHESTRATION_API, internalMs);
		delays.put(Service.BACKEND_API, internalMs);
		return new Links(delays, jitterMs, Map.of());
	}

	/** Every link with the same delay, no jitter. */
	public static Links uniform(Duration delay) {
		BigDecimal ms = BigDecimal.valueOf(delay.toNanos()).movePointLeft(6);
		return of(ms, ms, BigDecimal.ZERO);
	}

	/** These links with the one in front of {@code service} delayed by {@code ms} instead. */
	public Links withDelay(Service service, BigDecimal ms) {
		Map<Service, BigDecimal> delays = new EnumMap<>(this.delayMs);
		delays.put(service, ms);
		return new Links(delays, this.jitterMs, this.idleDrops);
	}

	/** These links with the one in front of {@code service} forgetting connections idle for {@code after}. */
	public Links withIdleDrop(Service service, Duration after) {
		Map<Service, Duration> drops = new EnumMap<>(Service.class);
		drops.putAll(this.idleDrops);
		drops.put(service, after);
		return new Links(this.delayMs, this.jitterMs, drops);
	}

	public BigDecimal delayOf(Service service) {
		return this.delayMs.get(service);
	}

}
