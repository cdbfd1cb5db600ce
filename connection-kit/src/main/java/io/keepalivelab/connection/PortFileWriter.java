package io.keepalivelab.connection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;

/**
 * Writes the port the server bound, so that whoever started a service on port 0 (the tests, scripts)
 * learns it without parsing logs. Written to a temporary file first: a reader never sees half a port.
 */
class PortFileWriter implements ApplicationListener<WebServerInitializedEvent> {

	private final Path portFile;

	PortFileWriter(Path portFile) {
		this.portFile = portFile;
	}

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		try {
			Path absolute = portFile.toAbsolutePath();
			Files.createDirectories(absolute.getParent());
			Path partial = Files.createTempFile(absolute.getParent(), absolute.getFileName().toString(), ".tmp");
			Files.writeString(partial, Integer.toString(event.getWebServer().getPort()));
			Files.move(partial, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write the port file " + portFile, ex);
		}
	}
}
