package io.keepalivelab.orchestration;

import io.keepalivelab.connection.DroppedErrors;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The middle of the chain: calls the backend several times, one call after the other. */
@SpringBootApplication
public class OrchestrationApiApplication {

	public static void main(String[] args) {
		// A client resetting its streams is no error of the service's (see DroppedErrors).
		DroppedErrors.install();
		SpringApplication.run(OrchestrationApiApplication.class, args);
	}
}
