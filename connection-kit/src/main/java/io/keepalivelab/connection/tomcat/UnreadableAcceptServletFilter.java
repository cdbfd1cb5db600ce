package io.keepalivelab.connection.tomcat;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import io.keepalivelab.chain.AcceptHeader;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/** Hides an Accept header Spring cannot read from Spring MVC (see {@link AcceptHeader}). */
class UnreadableAcceptServletFilter extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		List<String> accept = Collections.list(request.getHeaders(HttpHeaders.ACCEPT));
		if (accept.isEmpty() || AcceptHeader.readable(accept)) {
			chain.doFilter(request, response);
			return;
		}
		chain.doFilter(new WithoutAccept(request), response);
	}

	private static final class WithoutAccept extends HttpServletRequestWrapper {

		WithoutAccept(HttpServletRequest request) {
			super(request);
		}

		@Override
		public String getHeader(String name) {
			return isAccept(name) ? null : super.getHeader(name);
		}

		@Override
		public Enumeration<String> getHeaders(String name) {
			return isAccept(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
		}

		@Override
		public Enumeration<String> getHeaderNames() {
			return Collections.enumeration(
					Collections.list(super.getHeaderNames()).stream().filter(name -> !isAccept(name)).toList());
		}

		private static boolean isAccept(String name) {
			return HttpHeaders.ACCEPT.equalsIgnoreCase(name);
		}
	}
}
