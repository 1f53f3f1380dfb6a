package io.github.redismessaging.stream;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.lettuce.core.StreamMessage;

import static org.assertj.core.api.Assertions.assertThat;

class StreamEntryTest {

	@Test
	void takesThePayloadFieldRawAndDecodesTheFieldsOnlyWhenAsked() {
		StreamEntry entry = StreamEntry.of(message("1-0", "payload", "{\"a\":1}", "h.trace", "t1", "other", "x"), 2);

		assertThat(new String(entry.payload(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
		assertThat(entry.id()).isEqualTo("1-0");
		assertThat(entry.deliveries()).isEqualTo(2);
		assertThat(entry.fields()).containsExactly(Map.entry("payload", "{\"a\":1}"), Map.entry("h.trace", "t1"),
				Map.entry("other", "x"));
		assertThat(entry.fields()).isSameAs(entry.fields());
	}

	@Test
	void headersAreTheFieldsWithThePrefixInStoredOrder() {
		StreamEntry entry = StreamEntry.of(message("1-0", "h.b", "2", "payload", "p", "h.a", "1", "h", "no", "xh.c", "no"),
				1);
		Map<String, String> headers = new LinkedHashMap<>();

		entry.forEachHeader(headers::put);

		assertThat(headers).containsExactly(Map.entry("b", "2"), Map.entry("a", "1"));
	}

	@Test
	void entryWithoutPayloadHasAnEmptyOneAndARepeatedPayloadKeepsTheLastAsFieldsDo() {
		assertThat(StreamEntry.of(message("1-0", "other", "x"), 1).payload()).isEmpty();

		StreamEntry repeated = StreamEntry.fromScript(List.of(bytes("2-0"),
				List.of(bytes("payload"), bytes("first"), bytes("payload"), bytes("last")), 3L));

		assertThat(new String(repeated.payload(), StandardCharsets.UTF_8)).isEqualTo("last");
		assertThat(repeated.fields()).containsExactly(Map.entry("payload", "last"));
		assertThat(repeated.deliveries()).isEqualTo(3);
	}

	private static StreamMessage<byte[], byte[]> message(String id, String... fieldsAndValues) {
		Map<byte[], byte[]> body = new LinkedHashMap<>();
		for (int i = 0; i < fieldsAndValues.length; i += 2) {
			body.put(bytes(fieldsAndValues[i]), bytes(fieldsAndValues[i + 1]));
		}
		return new StreamMessage<>(new byte[0], id, body);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
