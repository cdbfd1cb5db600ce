package io.keepalivelab.connection.tomcat;

import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;

import org.apache.coyote.http11.Http11NioProtocol;
import org.apache.tomcat.util.net.AbstractEndpoint;
import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.NioEndpoint;
import org.apache.tomcat.util.net.SocketEvent;
import org.apache.tomcat.util.net.SocketWrapperBase;

/**
 * Tomcat's HTTP/1.1 NIO connector (h2 and h2c ride on it), telling {@link TomcatServerPolicy} of the
 * connection events no servlet sees: a connection accepted, a connection closing (and whether its TLS
 * handshake had completed), and a connection timing out while it waits. Tomcat builds its connector from
 * this class's name; the policy is handed over before the connector starts.
 */
public class AccountedHttp11NioProtocol extends Http11NioProtocol {

	private volatile TomcatServerPolicy policy;

	public AccountedHttp11NioProtocol() {
		this(new AcceptCountingEndpoint());
	}

	private AccountedHttp11NioProtocol(AcceptCountingEndpoint endpoint) {
		super(endpoint);
		endpoint.protocol = this;
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
					// A clear-text channel's handshake is always complete.
					observer.closed(connectionId(socket), socket.getSocket().isHandshakeComplete());
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

	/**
	 * Tomcat's NIO endpoint, counting each connection as it is accepted, and the rare one it closes before
	 * it has set it up (no request can have arrived on it, and no close reaches the handler).
	 */
	private static final class AcceptCountingEndpoint extends NioEndpoint {

		private volatile AccountedHttp11NioProtocol protocol;

		@Override
		protected SocketChannel serverSocketAccept() throws Exception {
			SocketChannel socket = super.serverSocketAccept();
			TomcatServerPolicy observer = observer();
			if (socket != null && observer != null) {
				observer.accepted();
			}
			return socket;
		}

		@Override
		protected void destroySocket(SocketChannel socket) {
			try {
				super.destroySocket(socket);
			}
			finally {
				TomcatServerPolicy observer = observer();
				if (observer != null) {
					observer.closedBeforeSetUp();
				}
			}
		}

		private TomcatServerPolicy observer() {
			AccountedHttp11NioProtocol owner = protocol;
			return (owner != null) ? owner.policy : null;
		}
	}

	/** The id a request on this connection reads from {@code ServletRequest.getServletConnection()}. */
	private static String connectionId(SocketWrapperBase<?> socket) {
		return socket.getServletConnection("", "").getConnectionId();
	}
}
