package io.github.redismessaging.queue;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.redismessaging.queue.QueueEnvelope.InvalidItemException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueueEnvelopeTest {

	@Test
	void binaryPayloadSurvivesWritingReadingAndRetrying() {
		byte[] binary = { (byte) 0xff, 0, (byte) 0xfe, 'a', (byte) 0xc3 };
		byte[] stored = QueueEnvelope.create(binary, Map.of("k", "v")).write();
		assertThat(new String(stored, StandardCharsets.UTF_8)).contains("\"payloadEncoding\":\"base64\"");
		QueueEnvelope read = QueueEnvelope.decode(stored);
		assertThat(read.payload()).isEqualTo(binary);
		assertThat(QueueEnvelope.decode(read.withAttempts(2).write()).payload()).isEqualTo(binary);
	}

	@Test
	void textAndJsonPayloadsAreStoredAsTheyAre() {
		byte[] text = QueueEnvelope.create("héllo".getBytes(StandardCharsets.UTF_8), Map.of()).write();
		byte[] json = QueueEnvelope.create("{\"a\":1}".getBytes(StandardCharsets.UTF_8), Map.of()).write();
		assertThat(new String(text, StandardCharsets.UTF_8)).contains("\"payload\":\"héllo\"")
			.doesNotContain("payloadEncoding");
		assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"payload\":{\"a\":1}");
		assertThat(QueueEnvelope.decode(text).payload()).isEqualTo("héllo".getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void damagedEncodingIsAnUnreadableItem() {
		assertThatThrownBy(() -> decode("{\"id\":\"a\",\"payload\":\"x\",\"payloadEncoding\":\"rot13\"}"))
			.isInstanceOf(InvalidItemException.class)
			.hasMessageContaining("'payloadEncoding' is string \"rot13\", not \"base64\"");
		assertThatThrownBy(() -> decode("{\"id\":\"a\",\"payload\":\"!!\",\"payloadEncoding\":\"base64\"}"))
			.isInstanceOf(InvalidItemException.class)
			.hasMessageContaining("not valid Base64");
		assertThatThrownBy(() -> decode("{\"id\":\"a\",\"payload\":{\"b\":1},\"payloadEncoding\":\"base64\"}"))
			.isInstanceOf(InvalidItemException.class)
			.hasMessageContaining("not a Base64 string");
		assertThatThrownBy(() -> decode("{\"id\":\"a\",\"payload\":\"eA==\",\"payloadEncoding\":[1]}"))
			.isInstanceOf(InvalidItemException.class);
	}

	private static QueueEnvelope decode(String item) {
		return QueueEnvelope.decode(item.getBytes(StandardCharsets.UTF_8));
	}

}
