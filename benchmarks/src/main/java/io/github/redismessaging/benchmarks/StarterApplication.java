package io.github.redismessaging.benchmarks;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/** The minimal Spring Boot application the starter's contenders run in: auto-configuration plus the listeners. */
@SpringBootConfiguration
@EnableAutoConfiguration
public class StarterApplication {

	@Bean
	TallyBoard tallyBoard() {
		return new TallyBoard();
	}

	@Bean
	StarterListeners starterListeners(TallyBoard tallyBoard) {
		return new StarterListeners(tallyBoard);
	}

}
