package io.keepalivelab.publicapi;

import io.keepalivelab.connection.DroppedErrors;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The customer-facing entry of the chain: one call to the orchestration, traced hop by hop. */
@SpringBootApplication
public class PublicApiApplication {

	public static void main(String[] args) {
		// A client resetting its streams is no error of the service's (see DroppedErrors).
		DroppedErrors.install();
		SpringApplication.run(PublicApiApplication.class, args);
	}
}
