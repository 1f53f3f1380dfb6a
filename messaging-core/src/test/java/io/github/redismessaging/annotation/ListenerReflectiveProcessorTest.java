package io.github.redismessaging.annotation;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.javapoet.ClassName;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.annotation.Header;

import io.github.redismessaging.listener.Acknowledgment;
import io.github.redismessaging.listener.RedisHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * AOT processing of a context with listener beans, as the build of an application runs it, registers what invoking
 * the listeners and decoding their payloads needs: and nothing for methods that are not listeners.
 */
class ListenerReflectiveProcessorTest {

	private static RuntimeHints hints;

	@BeforeAll
	static void processAheadOfTime() {
		DefaultGenerationContext generation = new DefaultGenerationContext(
				new ClassNameGenerator(ClassName.get(ListenerReflectiveProcessorTest.class)),
				new InMemoryGeneratedFiles());
		try (GenericApplicationContext context = new GenericApplicationContext()) {
			context.registerBean(Listeners.class);
			new ApplicationContextAotGenerator().processAheadOfTime(context, generation);
		}
		hints = generation.getRuntimeHints();
	}

	@Test
	void listenerMethodsCanBeInvoked() {
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Listeners.class, "bill")).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Listeners.class, "send")).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Listeners.class, "status")).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Listeners.class, "helper")).rejects(hints);
	}

	@Test
	void payloadTypesAreBoundWithTheTypesTheyContain() {
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Order.class, "id")).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Item.class, "sku")).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(Ignored.class)).rejects(hints);
	}

	@Test
	void batchAndMessagePayloadsAreUnwrapped() {
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(EmailJob.class, "to")).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Status.class, "value")).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(Message.class)).rejects(hints);
	}

	@Test
	void headerTypesCanBeConvertedToAndContainerArgumentsAreNotPayloads() {
		assertThat(RuntimeHintsPredicates.reflection().onType(Tenant.class)
			.withMemberCategories(MemberCategory.INVOKE_PUBLIC_METHODS, MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS))
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(Acknowledgment.class)).rejects(hints);
	}

	record Item(String sku) {
	}

	record Order(String id, List<Item> items) {
	}

	record EmailJob(String to) {
	}

	record Status(String value) {
	}

	record Tenant(String value) {

		public static Tenant of(String value) {
			return new Tenant(value);
		}

	}

	record Ignored(String value) {
	}

	static class Listeners {

		@StreamListener(stream = "orders", group = "billing", ackMode = "MANUAL")
		void bill(Order order, @Header(RedisHeaders.ID) String id, @Header("tenant") Tenant tenant,
				Acknowledgment acknowledgment) {
		}

		@QueueListener(queue = "emails")
		void send(List<Message<EmailJob>> jobs) {
		}

		@RedisSubscriber(channels = "status")
		void status(Message<Status> status) {
		}

		void helper(Ignored ignored) {
		}

	}

}
