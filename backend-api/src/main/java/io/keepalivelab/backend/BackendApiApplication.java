package io.keepalivelab.backend;

import io.keepalivelab.connection.DroppedErrors;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The last service of the chain: answers after a simulated database query. */
@SpringBootApplication
public class BackendApiApplication {

	public static void main(String[] args) {
		// A client resetting its streams is no error of the service's (see DroppedErrors).
		DroppedErrors.install();
		SpringApplication.run(BackendApiApplication.class, args);
	}
}
