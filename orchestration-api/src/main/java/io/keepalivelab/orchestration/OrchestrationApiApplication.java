package io.keepalivelab.orchestration;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The middle of the chain: calls the backend several times, one call after the other. */
@SpringBootApplication
public class OrchestrationApiApplication {

	public static void main(String[] args) {
		SpringApplication.run(OrchestrationApiApplication.class, args);
	}
}
