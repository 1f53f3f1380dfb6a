package io.github.redismessaging.console;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.github.redismessaging.keys.KeyNames;
import io.github.redismessaging.keys.StreamPartitions;
import io.github.redismessaging.publish.RedisMessagingTemplate;
import io.github.redismessaging.test.EmbeddedRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Drives the console in headless Chromium against a sample-like application on real Redis, behind Spring Security
 * (a configured user logs in through the form): listeners and states, rates while messages flow, a dead letter read
 * and replayed through the page, another deleted, a stream's entries and pending entries, a queue's items, a queue
 * listener paused and resumed here, then its queue everywhere; a partitioned stream listener's partition table
 * with this instance's partitions highlighted, and a pending entry of one partition dead-lettered from it.
 * Screenshots go to {@code target/}; the page must log no error.
 */
@SpringBootTest(classes = ConsoleTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=redismessaging,health",
				"spring.security.user.name=ops", "spring.security.user.password=secret" })
@EmbeddedRedis
class ConsoleBrowserIT {

	static final String STREAM = "console.orders." + UUID.randomUUID();

	static final String QUEUE = "console.jobs." + UUID.randomUUID();

	static final String PARTS = "console.parts." + UUID.randomUUID();

	static final StreamPartitions PARTITIONS = StreamPartitions.of(KeyNames.NO_PREFIX, PARTS, 3);

	private static final Duration WITHIN = Duration.ofSeconds(15);

	@DynamicPropertySource
	static void names(DynamicPropertyRegistry registry) {
		registry.add("test.stream", () -> STREAM);
		registry.add("test.queue", () -> QUEUE);
		registry.add("test.parts", () -> PARTS);
	}

	@LocalServerPort
	int port;

	@Autowired
	RedisMessagingTemplate template;

	@Autowired
	ConsoleTestApplication application;

	private Browser browser;

	private ScheduledExecutorService producer;

	@BeforeEach
	void openBrowser() {
		this.browser = new Browser(this.port);
	}

	@AfterEach
	void closeBrowser() {
		if (this.producer != null) {
			this.producer.shutdownNow();
		}
		this.browser.close();
	}

	@Test
	void operatorSeesListenersReplaysADeadLetterAndPausesAQueueListener() throws Exception {
		this.browser.open("/redis-messaging/", "ops", "secret");
		await().atMost(WITHIN).ignoreExceptions().untilAsserted(() -> {
			assertThat(state("orders")).isEqualTo("RUNNING");
			assertThat(state("jobs")).isEqualTo("RUNNING");
		});
		this.browser.screenshot("listeners");

		AtomicInteger sent = new AtomicInteger();
		this.producer = Executors.newSingleThreadScheduledExecutor();
		this.producer.scheduleAtFixedRate(() -> {
			int n = sent.incrementAndGet();
			this.template.append(STREAM, "order-" + n);
			this.template.enqueue(QUEUE, "job-" + n);
		}, 0, 20, TimeUnit.MILLISECONDS);
		await().atMost(WITHIN).ignoreExceptions().untilAsserted(() -> {
			assertThat(rate("orders")).isPositive();
			assertThat(rate("jobs")).isPositive();
		});
		this.browser.screenshot("rates");

		this.template.append(STREAM, "poison-1");
		await().atMost(WITHIN).ignoreExceptions()
			.untilAsserted(() -> assertThat(row("orders", "[data-field=dead-letters]")).isEqualTo("1"));
		this.browser.click("tr[data-listener=orders] a");
		await().atMost(WITHIN).ignoreExceptions().untilAsserted(() -> {
			assertThat(this.browser.text("#panel td[data-field=payload]")).contains("poison-1");
			assertThat(this.browser.text("#panel td[data-field=reason]")).isNotBlank();
		});
		this.browser.screenshot("dead-letters");

		this.application.poisonFails = false;
		this.browser.find("#panel input[type=checkbox]").click();
		this.browser.find("button[data-write='Replay selected']").click();
		this.browser.driver().switchTo().alert().accept();
		await().atMost(WITHIN).ignoreExceptions().untilAsserted(() -> {
			assertThat(this.application.processed).contains("poison-1");
			assertThat(this.browser.text("#notice")).contains("Replayed 1");
		});

		this.application.poisonFails = true;
		this.template.append(STREAM, "poison-2");
		await().atMost(WITHIN).ignoreExceptions().untilAsserted(() -> {
			this.browser.click("button[data-tab='Dead letters']");
			assertThat(this.browser.text("#panel td[data-field=payload]")).contains("poison-2");
		});
		this.browser.find("#panel input[type=checkbox]").click();
		this.browser.find("button[data-write='Delete selected']").click();
		this.browser.driver().switchTo().alert().accept();
		await().atMost(WITHIN).ignoreExceptions().untilAsserted(() -> {
			assertThat(this.browser.text("#notice")).contains("Deleted 1");
			assertThat(this.template.deadLetters(STREAM, 10)).isEmpty();
		});

		this.browser.click("button[data-tab=Entries]");
		await().atMost(WITHIN).ignoreExceptions()
			.untilAsserted(() -> assertThat(this.browser.text("#panel td[data-field=payload]")).startsWith("order-"));
		this.browser.click("button[data-tab=Pending]");
		await().atMost(WITHIN).ignoreExceptions().untilAsserted(() -> assertThat(
				this.browser.findAll("#panel table").size() + this.browser.findAll("#panel [data-role=empty]").size())
			.isPositive());
		this.browser.click("tr[data-listener=jobs] a");
		this.browser.click("button[data-tab=Queue]");
		await().atMost(WITHIN).ignoreExceptions()
			.untilAsserted(() -> assertThat(this.browser.findAll("#panel [data-section] h2")).hasSize(3));
		this.browser.screenshot("queue");

		this.browser.click("tr[data-listener=jobs] button[data-action=pause]");
		await().atMost(WITHIN).ignoreExceptions().untilAsserted(() -> assertThat(state("jobs")).isEqualTo("PAUSED"));
		this.browser.screenshot("paused");
		this.browser.click("tr[data-listener=jobs] button[data-action=resume]");
		await().atMost(WITHIN).ignoreExceptions().untilAsserted(() -> assertThat(state("jobs")).isEqualTo("RUNNING"));

		this.browser.click("tr[data-listener=jobs] button[data-action=pause-everywhere]");
		this.browser.driver().switchTo().alert().accept();
		await().atMost(WITHIN).ignoreExceptions().untilAsserted(() -> {
			assertThat(this.template.isQueuePaused(QUEUE)).isTrue();
			assertThat(row("jobs", "[data-field=paused-everywhere]")).isEqualTo("paused everywhere");
		});
		this.browser.screenshot("paused-everywhere");
		this.browser.click("tr[data-listener=jobs] button[data-action=resume-everywhere]");
		this.browser.driver().switchTo().alert().accept();
		await().atMost(WITHIN).ignoreExceptions()
			.untilAsserted(() -> assertThat(this.template.isQueuePaused(QUEUE)).isFalse());

		assertThat(this.browser.severeLogs()).as("errors the page logged").isEmpty();
	}

	@Test
	void operatorSeesThePartitionTableAndDeadLettersAPendingEntryOfOnePartition() throws Exception {
		this.browser.open("/redis-messaging/", "ops", "secret");
		String toggle = "button[data-role=partitions-toggle][data-listener=parts]";
		await().atMost(WITHIN).ignoreExceptions()
			.untilAsserted(() -> assertThat(this.browser.text(toggle)).contains("3 of 3 partitions here"));
		this.browser.click(toggle);
		String table = "tr[data-partitions=parts] tr[data-partition]";
		await().atMost(WITHIN).ignoreExceptions().untilAsserted(() -> {
			assertThat(this.browser.findAll(table)).hasSize(3);
			assertThat(this.browser.findAll(table + "[data-here]")).as("this instance's partitions").hasSize(3);
			for (int i = 0; i < 3; i++) {
				String row = "tr[data-partitions=parts] tr[data-partition='" + i + "'] ";
				assertThat(this.browser.text(row + "td:nth-child(2)")).isEqualTo(PARTITIONS.keys().get(i));
				assertThat(this.browser.text(row + "td[data-field=owner]")).contains("@").contains("this instance");
			}
		});
		this.browser.screenshot("partitions");

		String recordKey = "customer-7";
		int partition = PARTITIONS.partitionOf(recordKey);
		try {
			String id = this.template.appendKeyed(PARTS, recordKey, "block-7");
			this.browser.click("tr[data-partitions=parts] tr[data-partition='" + partition
					+ "'] button[data-role=partition-pending]");
			await().atMost(WITHIN).ignoreExceptions().untilAsserted(() -> {
				this.browser.click("button[data-tab=Pending]");
				assertThat(this.browser.text("#detail-title")).endsWith("partition " + partition);
				assertThat(this.browser.find("#panel select[data-role=partition]").getDomProperty("value"))
					.isEqualTo(String.valueOf(partition));
				assertThat(this.browser.text("#panel td[data-field=id]")).isEqualTo(id);
			});
			this.browser.screenshot("partition-pending");
			this.browser.find("#panel input[type=checkbox]").click();
			this.browser.find("button[data-write='Dead-letter selected']").click();
			this.browser.driver().switchTo().alert().accept();
			await().atMost(WITHIN).ignoreExceptions().untilAsserted(() -> {
				assertThat(this.browser.text("#notice"))
					.isEqualTo("Dead-lettered 1 of " + PARTITIONS.keys().get(partition));
				assertThat(this.template.deadLetters(PARTS, 10)).singleElement().satisfies((letter) -> {
					assertThat(letter.id()).startsWith(partition + ":");
					assertThat(letter.sourceId()).isEqualTo(id);
				});
			});
		}
		finally {
			this.application.release.countDown();
		}
		assertThat(this.browser.severeLogs()).as("errors the page logged").isEmpty();
	}

	private String state(String listener) {
		return row(listener, "[data-field=state]");
	}

	private double rate(String listener) {
		return Double.parseDouble(row(listener, "[data-field=processed-rate]"));
	}

	private String row(String listener, String cell) {
		return this.browser.find("tr[data-listener=" + listener + "] " + cell).getText();
	}

}
