package io.github.redismessaging.test;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedRedisContextCustomizerTest {

	private final EmbeddedRedisContextCustomizerFactory factory = new EmbeddedRedisContextCustomizerFactory();

	@Test
	void customizersOfTheSameModeAreEqualSoContextsAreCached() {
		assertThat(new EmbeddedRedisContextCustomizer(EmbeddedRedis.Mode.CLUSTER))
			.isEqualTo(new EmbeddedRedisContextCustomizer(EmbeddedRedis.Mode.CLUSTER))
			.hasSameHashCodeAs(new EmbeddedRedisContextCustomizer(EmbeddedRedis.Mode.CLUSTER))
			.isNotEqualTo(new EmbeddedRedisContextCustomizer(EmbeddedRedis.Mode.STANDALONE));
	}

	@Test
	void createsACustomizerOnlyForAnnotatedClasses() {
		assertThat(this.factory.createContextCustomizer(Plain.class, List.of())).isNull();
		assertThat(this.factory.createContextCustomizer(Clustered.class, List.of()))
			.isEqualTo(new EmbeddedRedisContextCustomizer(EmbeddedRedis.Mode.CLUSTER));
		assertThat(this.factory.createContextCustomizer(Inheriting.class, List.of()))
			.isEqualTo(new EmbeddedRedisContextCustomizer(EmbeddedRedis.Mode.CLUSTER));
	}

	static class Plain {

	}

	@EmbeddedRedis(EmbeddedRedis.Mode.CLUSTER)
	static class Clustered {

	}

	static class Inheriting extends Clustered {

	}

}
