package io.github.redismessaging.pubsub;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PubSubNamesTest {

	@Test
	void decoderReusesTheLastNameAndDecodesAnyOther() {
		PubSubNames.Decoder decoder = new PubSubNames.Decoder();

		String first = decoder.decode(bytes("orders"));
		String again = decoder.decode(bytes("orders"));
		String other = decoder.decode(bytes("prices"));
		String back = decoder.decode(bytes("orders"));

		assertThat(first).isEqualTo("orders");
		assertThat(again).isSameAs(first);
		assertThat(other).isEqualTo("prices");
		assertThat(back).isEqualTo("orders");
		assertThat(decoder.decode(new byte[0])).isEmpty();
		assertThat(decoder.decode(bytes("ünïcode"))).isEqualTo("ünïcode");
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
