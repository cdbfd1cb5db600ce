package io.keepalivelab.connection.tomcat;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;

/**
 * The error pages Tomcat writes itself, for requests Spring never sees (a path that climbs above the root,
 * a header block over Tomcat's limits, a missing Host), as RFC 9457 problem bodies instead of HTML: the
 * status, its reason and the path, nothing about the server. The host builds it from its class name.
 */
// Reference: https://www.rfc-editor.org/rfc/rfc9457
public class ProblemErrorReportValve extends ErrorReportValve {

	/** ASCII only, so the body needs no charset: the same content type as Spring's problems. */
	private static final JsonMapper json = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0) {
			return;
		}
		HttpStatus known = HttpStatus.resolve(status);
		String reason = (known != null) ? known.getReasonPhrase() : "Error";
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "about:blank");
		problem.put("title", reason);
		problem.put("status", status);
		problem.put("detail", "The server answered " + status + " " + reason);
		if (request.getDecodedRequestURI() != null) {
			problem.put("instance", request.getDecodedRequestURI());
		}
		try {
			response.setContentType("application/problem+json");
			PrintWriter writer = response.getReporter();
			if (writer != null) {
				writer.write(json.writeValueAsString(problem));
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// The connection is gone or the response already started: nothing more can be said.
		}
	}
}
