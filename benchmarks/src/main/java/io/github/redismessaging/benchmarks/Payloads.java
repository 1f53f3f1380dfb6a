package io.github.redismessaging.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.github.redismessaging.queue.QueueEnvelope;

/**
 * The ~100-byte JSON payload every contender receives: a sequence number (to count lost and duplicate messages)
 * and a send time (for latency), both fixed-width strings so that they can be found without a JSON parser.
 */
public final class Payloads {

	/** Total payload size in bytes; the issue asks for ~100-byte payloads. */
	public static final int SIZE = 100;

	private static final String SEQ = "\"seq\":\"";

	private static final String TS = "\"ts\":\"";

	private Payloads() {
	}

	/**
	 * Returns a payload.
	 * @param seq the sequence number, 0-based
	 * @param sendNanos {@link System#nanoTime()} at sending, or 0 when latency is not measured
	 * @return UTF-8 JSON of {@link #SIZE} bytes
	 */
	public static byte[] payload(int seq, long sendNanos) {
		String head = "{\"seq\":\"" + pad(seq, 10) + "\",\"ts\":\"" + pad(sendNanos, 19) + "\",\"pad\":\"";
		StringBuilder json = new StringBuilder(SIZE).append(head);
		while (json.length() < SIZE - 2) {
			json.append('x');
		}
		return json.append("\"}").toString().getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Wraps a payload in the queue envelope that {@code RedisMessagingTemplate.enqueueAll} writes (the very same
	 * {@link QueueEnvelope#write()}), so that every queue contender pops identical bytes.
	 * @param seq the sequence number
	 * @param sendNanos the send time or 0
	 * @return the envelope bytes
	 */
	public static byte[] envelope(int seq, long sendNanos) {
		return QueueEnvelope.create(payload(seq, sendNanos), Map.of()).write();
	}

	/**
	 * Reads the sequence number of a payload, or of an envelope that contains one.
	 * @param text the received text
	 * @return the sequence number
	 */
	public static int seq(String text) {
		int at = text.indexOf(SEQ) + SEQ.length();
		return Integer.parseInt(text, at, at + 10, 10);
	}

	/**
	 * Reads the send time of a payload or envelope.
	 * @param text the received text
	 * @return the {@link System#nanoTime()} at sending
	 */
	public static long sendNanos(String text) {
		int at = text.indexOf(TS) + TS.length();
		return Long.parseLong(text, at, at + 19, 10);
	}

	private static String pad(long value, int width) {
		String digits = Long.toString(value);
		return "0".repeat(Math.max(0, width - digits.length())) + digits;
	}

}
