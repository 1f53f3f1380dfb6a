package io.github.redismessaging.test;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RedisBinaryIT {

	@Test
	void locatesAnExecutableRedis7() {
		Path binary = RedisBinary.locate();

		assertThat(Files.isExecutable(binary)).isTrue();
		assertThat(RedisBinary.majorVersion(binary)).isGreaterThanOrEqualTo(7);
	}

	@Test
	void cachesTheLocation() {
		assertThat(RedisBinary.locate()).isSameAs(RedisBinary.locate());
	}

}
