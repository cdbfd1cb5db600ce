package io.keepalivelab.chain;

import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.util.MimeTypeUtils;

/**
 * An Accept header Spring cannot read is disregarded, as RFC 9110 allows: left in, Spring answers a
 * malformed one with a 406 or 400 without a body, and one of more than 50 media types with a 500. Each
 * stack's filter removes it before Spring sees it.
 */
// Reference: https://www.rfc-editor.org/rfc/rfc9110#section-12.5.1
public final class AcceptHeader {

	private AcceptHeader() {
	}

	public static boolean readable(List<String> accept) {
		try {
			MimeTypeUtils.sortBySpecificity(MediaType.parseMediaTypes(accept));
			return true;
		}
		catch (IllegalArgumentException unreadable) {
			return false;
		}
	}
}
