package io.keepalivelab.chain;

import java.net.URI;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.autoconfigure.error.AbstractErrorController;
import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors that Tomcat forwards to the error page (a request Spring MVC's handlers never saw, such as a
 * TRACE that Tomcat refuses) answered with the same problem body as every other failure, instead of Boot's
 * own JSON or Tomcat's HTML. Nothing but the status and the path is shown.
 */
@RestController
class ServletProblemErrorController extends AbstractErrorController {

	ServletProblemErrorController(ErrorAttributes errorAttributes) {
		super(errorAttributes);
	}

	@RequestMapping("${server.error.path:${error.path:/error}}")
	ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
		HttpStatus status = getStatus(request);
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status,
				"The server answered " + status.value() + " " + status.getReasonPhrase());
		if (request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String path) {
			try {
				problem.setInstance(URI.create(path));
			}
			catch (IllegalArgumentException notAUri) {
				// a path Tomcat took but java.net.URI does not: the problem goes without an instance
			}
		}
		return ResponseEntity.status(status).body(problem);
	}
}
