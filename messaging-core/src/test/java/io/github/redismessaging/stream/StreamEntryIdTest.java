package io.github.redismessaging.stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StreamEntryIdTest {

	@Test
	void readsIdsAsRedisDoes() {
		assertThat(StreamEntryId.parse("1700000000000-3")).hasToString("1700000000000-3");
		assertThat(StreamEntryId.parse("1700000000000")).hasToString("1700000000000-0");
		assertThat(StreamEntryId.parse("18446744073709551615-18446744073709551615").isLast()).isTrue();
	}

	@Test
	void refusesWhatIsNotAnIdOrExceeds64Bits() {
		assertThat(StreamEntryId.parse(null)).isNull();
		assertThat(StreamEntryId.parse("garbage")).isNull();
		assertThat(StreamEntryId.parse("1-0\nforged")).isNull();
		assertThat(StreamEntryId.parse("18446744073709551616-0")).isNull();
		assertThat(StreamEntryId.matches("18446744073709551616-0")).isTrue();
		assertThat(StreamEntryId.matches("-1")).isFalse();
	}

	@Test
	void previousIdIsTheOneReadingAfterWhichStartsAtThisOne() {
		assertThat(StreamEntryId.parse("5-3").previous()).hasToString("5-2");
		assertThat(StreamEntryId.parse("5-0").previous()).hasToString("4-18446744073709551615");
		assertThat(StreamEntryId.parse("0-0").previous()).isNull();
	}

}
