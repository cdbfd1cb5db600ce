package io.keepalivelab.connection;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebExchange;

import java.net.URI;

/**
 * Turns the chain's own failures into RFC 9457 problem bodies: bad input names the parameter and its
 * range, a failed downstream names the hop. No body ever carries a stack trace.
 */
// Reference: https://www.rfc-editor.org/rfc/rfc9457
@RestControllerAdvice
public class ProblemResponses {

	@ExceptionHandler
	public ResponseEntity<ProblemDetail> invalidParameter(InvalidParameterException ex, ServerWebExchange exchange) {
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Invalid request parameter", ex.getMessage(),
				exchange);
		problem.setProperty("parameter", ex.parameter());
		problem.setProperty("allowed", ex.allowed());
		return ResponseEntity.of(problem).build();
	}

	@ExceptionHandler
	public ResponseEntity<ProblemDetail> downstreamFailed(DownstreamException ex, ServerWebExchange exchange) {
		ProblemDetail problem = problem(ex.status(), "Downstream call failed", ex.getMessage(), exchange);
		problem.setProperty("hop", ex.hop());
		return ResponseEntity.of(problem).build();
	}

	private static ProblemDetail problem(HttpStatus status, String title, String detail, ServerWebExchange exchange) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
		return problem;
	}
}
