package io.keepalivelab.publicapi;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The customer-facing entry of the chain: one call to the orchestration, traced hop by hop. */
@SpringBootApplication
public class PublicApiApplication {

	public static void main(String[] args) {
		SpringApplication.run(PublicApiApplication.class, args);
	}
}
