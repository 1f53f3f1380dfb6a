package io.github.redismessaging.console;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

import static org.awaitility.Awaitility.await;

/**
 * Debian's headless Chromium, driven through its ChromeDriver. Where neither is installed, the browser tests are
 * skipped, except in CI ({@code CI=true}), where {@code .ci/run} installs both and a missing browser fails.
 */
final class Browser implements AutoCloseable {

	private static final File CHROMIUM = new File("/usr/bin/chromium");

	private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

	private final ChromeDriver driver;

	private final String base;

	Browser(int port) {
		boolean installed = CHROMIUM.canExecute() && CHROMEDRIVER.canExecute();
		if (!installed && !"true".equals(System.getenv("CI"))) {
			Assumptions.abort("Debian's chromium and chromium-driver are not installed (apt-get install chromium "
					+ "chromium-driver; .ci/run does it)");
		}
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM);
		options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
				"--window-size=1500,1000");
		options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER)
			.usingAnyFreePort()
			.build();
		this.driver = new ChromeDriver(service, options);
		this.base = "http://localhost:" + port;
	}

	ChromeDriver driver() {
		return this.driver;
	}

	/** Opens a path, logging in on the way when the application asks for it (Spring Security's form). */
	void open(String path, String user, String password) {
		this.driver.get(this.base + path);
		if (this.driver.getCurrentUrl().contains("/login")) {
			this.driver.findElement(By.name("username")).sendKeys(user);
			this.driver.findElement(By.name("password")).sendKeys(password);
			this.driver.findElement(By.cssSelector("button[type=submit], input[type=submit]")).click();
			await().atMost(Duration.ofSeconds(10)).until(() -> !this.driver.getCurrentUrl().contains("/login"));
			if (!this.driver.getCurrentUrl().startsWith(this.base + path)) {
				this.driver.get(this.base + path);
			}
		}
	}

	/**
	 * Clicks the first element matching, finding it again if the page re-rendered it meanwhile (the listener table
	 * is rebuilt on every refresh).
	 */
	void click(String css) {
		await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
			find(css).click();
			return true;
		});
	}

	WebElement find(String css) {
		return this.driver.findElement(By.cssSelector(css));
	}

	List<WebElement> findAll(String css) {
		return this.driver.findElements(By.cssSelector(css));
	}

	/** The text of the first element matching, or an empty string. */
	String text(String css) {
		List<WebElement> found = findAll(css);
		return found.isEmpty() ? "" : found.get(0).getText();
	}

	/** Saves a screenshot to {@code target/console-<name>.png}. */
	void screenshot(String name) throws IOException {
		File shot = this.driver.getScreenshotAs(OutputType.FILE);
		Path target = Path.of("target", "console-" + name + ".png");
		Files.createDirectories(target.getParent());
		Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
	}

	/** What the page logged at SEVERE (JavaScript errors, failed requests) since the last call. */
	List<String> severeLogs() {
		return this.driver.manage()
			.logs()
			.get(LogType.BROWSER)
			.getAll()
			.stream()
			.filter((entry) -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
			.map(LogEntry::toString)
			.toList();
	}

	@Override
	public void close() {
		this.driver.quit();
	}

}
