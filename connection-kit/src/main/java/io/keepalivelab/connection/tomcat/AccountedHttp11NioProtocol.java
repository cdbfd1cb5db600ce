package io.keepalivelab.connection.tomcat;

import java.net.SocketTimeoutException;

import org.apache.coyote.http11.Http11NioProtocol;
import org.apache.tomcat.util.net.AbstractEndpoint;
import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.NioEndpoint;
import org.apache.tomcat.util.net.SocketEvent;
import org.apache.tomcat.util.net.SocketWrapperBase;

/**
 * Tomcat's HTTP/1.1 NIO connector (h2 and h2c ride on it), telling {@link TomcatServerPolicy} of the two
 * connection events no servlet sees: a connection closing, and a connection timing out while it waits.
 * Tomcat builds its connector from this class's name; the policy is handed over before the connector
 * starts.
 */
public class AccountedHttp11NioProtocol extends Http11NioProtocol {

	private volatile TomcatServerPolicy policy;

	public AccountedHttp11NioProtocol() {
		AbstractEndpoint<NioChannel, ?> endpoint = getEndpoint();
		endpoint.setHandler(new Observed(endpoint.getHandler()));
	}

	void reportTo(TomcatServerPolicy policy) {
		this.policy = policy;
	}

	/**
	 * Connections Tomcat holds open. Not its connection count, which includes the slot its acceptor takes
	 * before each accept: one more than are open, whenever it waits for the next connection.
	 */
	long openConnections() {
		return getEndpoint().getConnections().size();
	}

	/** Connections in Tomcat's poller waiting for their next request (or the rest of one). */
	long waitingConnections() {
		return ((NioEndpoint) getEndpoint()).getKeepAliveCount();
	}

	/** Tomcat's own handler, with each connection's close and read timeout passed on to the policy. */
	private final class Observed implements AbstractEndpoint.Handler<NioChannel> {

		private final AbstractEndpoint.Handler<NioChannel> tomcat;

		Observed(AbstractEndpoint.Handler<NioChannel> tomcat) {
			this.tomcat = tomcat;
		}

		@Override
		public SocketState process(SocketWrapperBase<NioChannel> socket, SocketEvent event) {
			TomcatServerPolicy observer = policy;
			// The poller's way of saying that a connection waited longer than its read (keep-alive) timeout.
			if (observer != null && event == SocketEvent.ERROR && socket.getError() instanceof SocketTimeoutException) {
				observer.timedOut();
			}
			return tomcat.process(socket, event);
		}

		@Override
		public void release(SocketWrapperBase<NioChannel> socket) {
			try {
				tomcat.release(socket);
			}
			finally {
				TomcatServerPolicy observer = policy;
				if (observer != null) {
					observer.closed(connectionId(socket));
				}
			}
		}

		@Override
		public Object getGlobal() {
			return tomcat.getGlobal();
		}

		@Override
		public void pause() {
			tomcat.pause();
		}

		@Override
		public void recycle() {
			tomcat.recycle();
		}
	}

	/** The id a request on this connection reads from {@code ServletRequest.getServletConnection()}. */
	private static String connectionId(SocketWrapperBase<?> socket) {
		return socket.getServletConnection("", "").getConnectionId();
	}
}
