package io.github.redismessaging.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy in front of a Redis server that can stand for a server replaced behind the same address: after
 * {@link #replaceWith(int)}, new connections reach another server, and the connections already open go silent, as
 * after a network partition or a host that vanished: nothing passes in either direction and nothing is closed, so
 * a client learns of it only by a check of its own.
 */
final class SilencingProxy implements AutoCloseable {

	private final ServerSocket server;

	private final List<Link> links = new CopyOnWriteArrayList<>();

	private volatile int target;

	SilencingProxy(int target) throws IOException {
		this.target = target;
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread accepting = new Thread(this::accept, "silencing-proxy-accept");
		accepting.setDaemon(true);
		accepting.start();
	}

	int port() {
		return this.server.getLocalPort();
	}

	/**
	 * Sends new connections to another server and silences the open ones.
	 * @param target the other server's port
	 */
	void replaceWith(int target) {
		this.target = target;
		this.links.forEach((link) -> link.silenced = true);
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket client = this.server.accept();
				Socket upstream = new Socket(InetAddress.getLoopbackAddress(), this.target);
				Link link = new Link(client, upstream);
				this.links.add(link);
				link.start();
			}
			catch (IOException ex) {
				// closed, or the target refused: the client sees its connection closed and reconnects
			}
		}
	}

	@Override
	public void close() throws IOException {
		this.server.close();
		for (Link link : this.links) {
			link.close();
		}
	}

	private static final class Link {

		private final Socket client;

		private final Socket upstream;

		private volatile boolean silenced;

		Link(Socket client, Socket upstream) {
			this.client = client;
			this.upstream = upstream;
		}

		void start() throws IOException {
			pump(this.client.getInputStream(), this.upstream.getOutputStream());
			pump(this.upstream.getInputStream(), this.client.getOutputStream());
		}

		private void pump(InputStream in, OutputStream out) {
			Thread thread = new Thread(() -> {
				byte[] buffer = new byte[8192];
				try {
					for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
						if (!this.silenced) {
							out.write(buffer, 0, read);
							out.flush();
						}
					}
				}
				catch (IOException ex) {
					// one side closed
				}
				if (!this.silenced) {
					close();
				}
			}, "silencing-proxy-pump");
			thread.setDaemon(true);
			thread.start();
		}

		void close() {
			try {
				this.client.close();
				this.upstream.close();
			}
			catch (IOException ex) {
				// already closed
			}
		}

	}

}
