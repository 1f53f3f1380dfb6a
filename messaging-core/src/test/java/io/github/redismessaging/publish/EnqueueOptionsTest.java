package io.github.redismessaging.publish;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The arguments of unique jobs and idempotent appends are checked before anything reaches Redis.
 */
class EnqueueOptionsTest {

	@Test
	void uniqueJobsHoldTheirKeyForADayUnlessGivenATtl() {
		assertThat(EnqueueOptions.unique("invoice:42").ttl()).isEqualTo(Duration.ofHours(24));
		EnqueueOptions options = EnqueueOptions.unique("invoice:42").ttl(Duration.ofMinutes(5));
		assertThat(options.uniqueKey()).isEqualTo("invoice:42");
		assertThat(options.ttl()).isEqualTo(Duration.ofMinutes(5));
		assertThat(EnqueueOptions.unique("k".repeat(512)).uniqueKey()).hasSize(512);
	}

	@Test
	void blankOrLongKeysAndTtlsOutOfRangeAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> EnqueueOptions.unique(" "))
			.withMessage("unique key must not be blank");
		assertThatIllegalArgumentException().isThrownBy(() -> EnqueueOptions.unique(null))
			.withMessage("unique key must not be blank");
		assertThatIllegalArgumentException().isThrownBy(() -> EnqueueOptions.unique("k".repeat(513)))
			.withMessage("unique key must be at most 512 characters, not 513");
		assertThatIllegalArgumentException().isThrownBy(() -> EnqueueOptions.unique("k").ttl(Duration.ZERO))
			.withMessage("ttl must be at least 1 ms and at most PT8760H, not PT0S");
		assertThatIllegalArgumentException().isThrownBy(() -> EnqueueOptions.unique("k").ttl(Duration.ofNanos(999_999)))
			.withMessageStartingWith("ttl must be at least 1 ms");
		assertThatIllegalArgumentException().isThrownBy(() -> EnqueueOptions.unique("k").ttl(Duration.ofDays(366)))
			.withMessageStartingWith("ttl must be at least 1 ms and at most PT8760H");
		assertThatIllegalArgumentException().isThrownBy(() -> EnqueueOptions.unique("k").ttl(null))
			.withMessageEndingWith("not null");
	}

	@Test
	void idempotencyKeysAreCheckedAlike() {
		AppendOptions options = AppendOptions.idempotent("request-7").ttl(Duration.ofHours(1));
		assertThat(options.idempotencyKey()).isEqualTo("request-7");
		assertThat(options.ttl()).isEqualTo(Duration.ofHours(1));
		assertThat(AppendOptions.idempotent("request-7").ttl()).isEqualTo(AppendOptions.DEFAULT_TTL);
		assertThatIllegalArgumentException().isThrownBy(() -> AppendOptions.idempotent(""))
			.withMessage("idempotency key must not be blank");
		assertThatIllegalArgumentException().isThrownBy(() -> AppendOptions.idempotent("k".repeat(513)))
			.withMessage("idempotency key must be at most 512 characters, not 513");
		assertThatIllegalArgumentException().isThrownBy(() -> AppendOptions.idempotent("k").ttl(Duration.ofMillis(-1)))
			.withMessageStartingWith("ttl must be at least 1 ms");
	}

}
