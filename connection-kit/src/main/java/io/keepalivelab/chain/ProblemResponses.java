package io.keepalivelab.chain;

import io.keepalivelab.connection.DownstreamException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Turns the chain's own failures into RFC 9457 problem bodies, the same on Spring MVC and WebFlux: bad
 * input names the parameter and its range (or, for too much work in one request, what was asked, the bound
 * and the parameters to lower), a failed downstream names the hop. No body ever carries a stack
 * trace. Both stacks set the problem's {@code instance} to the request path.
 */
// Reference: https://www.rfc-editor.org/rfc/rfc9457
@RestControllerAdvice
public class ProblemResponses {

	@ExceptionHandler
	public ResponseEntity<ProblemDetail> invalidParameter(InvalidParameterException ex) {
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Invalid request parameter", ex.getMessage());
		problem.setProperty("parameter", ex.parameter());
		problem.setProperty("allowed", ex.allowed());
		return ResponseEntity.of(problem).build();
	}

	@ExceptionHandler
	public ResponseEntity<ProblemDetail> tooMuchWork(TooMuchWorkException ex) {
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Too much work for one request", ex.getMessage());
		problem.setProperty("parameters", ex.parameters());
		problem.setProperty("calls", ex.calls());
		problem.setProperty("workMs", ex.workMs());
		problem.setProperty("totalWorkMs", ex.totalWorkMs());
		problem.setProperty("maxTotalWorkMs", ex.maxTotalWorkMs());
		return ResponseEntity.of(problem).build();
	}

	@ExceptionHandler
	public ResponseEntity<ProblemDetail> downstreamFailed(DownstreamException ex) {
		ProblemDetail problem = problem(ex.status(), "Downstream call failed", ex.getMessage());
		problem.setProperty("hop", ex.hop());
		return ResponseEntity.of(problem).build();
	}

	private static ProblemDetail problem(HttpStatus status, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		return problem;
	}
}
