package dev.reflow.trace.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflow.trace.model.FlowTrace;
import dev.reflow.trace.model.TraceEvent;
import dev.reflow.trace.model.TraceEventType;
import dev.reflow.trace.model.TraceId;
import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.TraceQuery;
import dev.reflow.trace.storage.TraceStorage;
import dev.reflow.trace.storage.TraceStorages;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web page in a real browser: Debian's {@code chromium} and {@code chromium-driver}, headless.
 * Skipped, with the reason printed, where they are not installed (set {@code REFLOW_VIEWER_CHROMIUM}
 * and {@code REFLOW_VIEWER_CHROMEDRIVER} to use other paths). Screenshots go to
 * {@code target/viewer-screenshots/}; docs/viewer.md shows two of them.
 */
class ViewerBrowserTest {
  static final String TOKEN = "browser-test-token";
  static final Path SCREENSHOTS = Path.of("target", "viewer-screenshots");

  @TempDir
  static Path dir;
  static TraceStorage storage;
  static Viewer viewer;
  static ChromeDriver driver;
  static List<FlowTrace> seeded;
  static FlowTrace big;

  @BeforeAll
  static void start() throws Exception {
    String chromium = locate("REFLOW_VIEWER_CHROMIUM", "/usr/bin/chromium", "/usr/bin/chromium-browser");
    String chromedriver = locate("REFLOW_VIEWER_CHROMEDRIVER", "/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");
    if (chromium == null || chromedriver == null) {
      String reason = "ViewerBrowserTest skipped: no Chromium found (install Debian's chromium and chromium-driver, "
          + "or set REFLOW_VIEWER_CHROMIUM and REFLOW_VIEWER_CHROMEDRIVER)";
      System.out.println(reason);
      Assumptions.abort(reason);
    }
    storage = TraceStorages.open(StorageConfig.fromMap(Map.of("storage.backend", "sqlite",
        "storage.sqlite.database_path", dir.resolve("traces.db").toString())));
    seeded = SampleTraces.seed(60, 23);
    storage.storeAll(seeded);
    big = bigTrace(10_000);
    storage.store(big);
    viewer = Viewer.start(storage, "127.0.0.1", 0, TOKEN);

    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium);
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--window-size=1440,1000", "--disable-extensions", "--no-first-run");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(chromedriver))
        .usingAnyFreePort().build();
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
    Files.createDirectories(SCREENSHOTS);
  }

  /** The configured binary (null when that path is not executable: a way to skip on purpose), else the first found. */
  private static String locate(String variable, String... candidates) {
    String configured = System.getenv(variable);
    if (configured != null && !configured.isBlank()) {
      return Files.isExecutable(Path.of(configured)) ? configured : null;
    }
    for (String c : candidates) {
      if (Files.isExecutable(Path.of(c))) {
        return c;
      }
    }
    return null;
  }

  /** One flow run with {@code n} events: a long chain of actors passing a message along. */
  static FlowTrace bigTrace(int n) {
    Random random = new Random(99);
    List<String> actors = new ArrayList<>();
    for (int i = 0; i < 2600; i++) {
      actors.add("stage-" + i);
    }
    FlowTrace chain = SampleTraces.chain(TraceId.of(new UUID(7, 7)), "big_batch", SampleTraces.BASE.minusSeconds(3600),
        actors, -1, random);
    List<TraceEvent> events = chain.events().size() > n ? chain.events().subList(0, n) : chain.events();
    return chain.withEvents(events);
  }

  @AfterAll
  static void stop() {
    if (driver != null) {
      driver.quit();
    }
    if (viewer != null) {
      viewer.close();
    }
    if (storage != null) {
      storage.close();
    }
  }

  @AfterEach
  void noConsoleErrors() {
    List<String> errors = new ArrayList<>();
    for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
      if (e.getLevel().intValue() >= Level.SEVERE.intValue()) {
        errors.add(e.getMessage());
      }
    }
    assertThat(errors).as("errors in the browser console (CSP violations included)").isEmpty();
    assertThatNoAlert();
  }

  private static void assertThatNoAlert() {
    try {
      driver.switchTo().alert();
      throw new AssertionError("an alert() ran: a trace string was executed as script");
    } catch (NoAlertPresentException expected) {
      // good
    }
  }

  private static WebDriverWait await() {
    WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
    wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    return wait;
  }

  private static List<WebElement> rows() {
    return driver.findElements(By.cssSelector("#rows tr.trace-row"));
  }

  private static void screenshot(String name) throws Exception {
    File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
    Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
  }

  private static List<String> expectedIds(TraceQuery q) {
    return storage.query(q).stream().map(t -> t.traceId().toString()).toList();
  }

  /** The listed trace ids, read in one script so that a re-render cannot interleave. */
  @SuppressWarnings("unchecked")
  private static List<String> shownIds() {
    return (List<String>) ((JavascriptExecutor) driver).executeScript(
        "return Array.from(document.querySelectorAll('#rows tr.trace-row')).map(r => r.dataset.traceId);");
  }

  @Test
  @DisplayName("the list shows the seeded traces newest first; filters narrow it; XSS strings stay text")
  @SuppressWarnings("unchecked")
  void list_showsAndFilters() throws Exception {
    driver.get(viewer.url() + "?token=" + TOKEN);
    await().until(d -> rows().size() == 50);
    assertThat(driver.getCurrentUrl()).as("the token leaves the address bar").doesNotContain(TOKEN);
    assertThat(shownIds()).isEqualTo(expectedIds(TraceQuery.builder().limit(50).build()));
    assertThat(driver.findElement(By.id("stats")).getText()).contains("61 traces");
    // The XSS flow id is shown as its characters, and no <img> was created from it.
    @SuppressWarnings("unchecked")
    List<String> flows = (List<String>) ((JavascriptExecutor) driver).executeScript(
        "return Array.from(document.querySelectorAll('#rows td.flow a')).map(a => a.textContent);");
    assertThat(flows).contains(SampleTraces.XSS);
    assertThat(driver.findElements(By.cssSelector("img"))).isEmpty();
    screenshot("list.png");

    driver.findElement(By.id("more")).click();
    await().until(d -> rows().size() == 11);

    WebElement flow = driver.findElement(By.id("f-flow"));
    flow.sendKeys("billing_run");
    driver.findElement(By.id("apply")).click();
    List<String> billing = expectedIds(TraceQuery.builder().flowId("billing_run").build());
    await().until(d -> shownIds().equals(billing));
    assertThat(driver.getCurrentUrl()).contains("flow=billing_run");

    new Select(driver.findElement(By.id("f-status"))).selectByVisibleText("Failed");
    List<String> failedBilling = expectedIds(TraceQuery.builder().flowId("billing_run")
        .status(dev.reflow.trace.model.ExecutionStatus.Kind.FAILED).build());
    assertThat(failedBilling.size()).isLessThan(billing.size()).isPositive();
    await().until(d -> shownIds().equals(failedBilling));

    driver.findElement(By.id("clear")).click();
    driver.findElement(By.id("f-actor")).sendKeys("img src");
    driver.findElement(By.id("apply")).click();
    List<String> xssActor = expectedIds(TraceQuery.builder().actorFilter("img src").build());
    await().until(d -> shownIds().equals(xssActor));
    assertThat((List<Object>) ((JavascriptExecutor) driver).executeScript(
        "return Array.from(document.querySelectorAll('#rows td.actor')).map(a => a.textContent);"))
        .contains(SampleTraces.XSS);
    assertThat(driver.findElements(By.cssSelector("img"))).isEmpty();

    driver.findElement(By.id("clear")).click();
    driver.findElement(By.id("f-since")).sendKeys("1h");
    driver.findElement(By.id("apply")).click();
    await().until(d -> driver.findElements(By.cssSelector("#rows tr.empty")).size() == 1);
  }

  @Test
  @DisplayName("a trace page shows one bar per event plus the root, marks the failing event, keeps XSS strings as text")
  void tracePage_waterfall() throws Exception {
    // A failed trace of the XSS flow, failing at the XSS actor.
    FlowTrace t = seeded.stream().filter(s -> s.flowId().value().equals(SampleTraces.XSS)
        && s.status().kind() == dev.reflow.trace.model.ExecutionStatus.Kind.FAILED).findFirst().orElseThrow();
    TraceEvent failing = t.events().stream().filter(e -> e.eventType() == TraceEventType.Simple.ACTOR_FAILED).findFirst().orElseThrow();
    driver.get(viewer.url() + "traces/" + t.traceId() + "?token=" + TOKEN);
    await().until(d -> !d.findElements(By.cssSelector("#wf-rows .wf-row")).isEmpty());
    assertThat(driver.findElements(By.cssSelector("#wf-rows .wf-row"))).hasSize(t.events().size() + 1);
    assertThat(driver.findElements(By.cssSelector("#wf-rows .wf-row[data-root]"))).hasSize(1);
    assertThat(driver.findElements(By.cssSelector("#wf-rows .wf-row[data-event-id] .wf-bar"))).hasSize(t.events().size());
    List<WebElement> failed = driver.findElements(By.cssSelector("#wf-rows .wf-row.failed"));
    assertThat(failed).hasSize(1);
    assertThat(failed.get(0).getAttribute("data-event-id")).isEqualTo(failing.eventId().toString());
    assertThat(driver.findElement(By.cssSelector("#failure .failed-actor")).getText()).isEqualTo(SampleTraces.XSS);
    assertThat(driver.findElement(By.id("title")).getText()).isEqualTo(SampleTraces.XSS);
    assertThat(driver.getTitle()).startsWith(SampleTraces.XSS);
    assertThat(driver.findElements(By.cssSelector("img"))).isEmpty();
    // The failing event is selected on arrival; its error is in the detail pane.
    assertThat(driver.findElement(By.id("detail")).getText()).contains("ActorFailed").contains("division by zero in " + SampleTraces.XSS);
    // Actor graph: one node per actor, DataFlow edges with counts, the failing actor marked.
    assertThat(driver.findElements(By.cssSelector("#graph svg g.node"))).hasSize(3);
    assertThat(driver.findElement(By.cssSelector("#graph svg g.node.failed")).getAttribute("data-actor")).isEqualTo(SampleTraces.XSS);
    assertThat(driver.findElements(By.cssSelector("#graph svg .edge-label")).stream().map(WebElement::getText)).contains("×1");
    // Another event's details on click: its message and decoded captured content.
    // Rows are re-drawn on scroll: find and click in one retried step.
    await().until(d -> {
      d.findElements(By.cssSelector("#wf-rows .wf-row.t-MessageSent")).get(0).click();
      return true;
    });
    await().until(d -> d.findElement(By.id("detail")).getText().contains("Captured content"));
    assertThat(driver.findElement(By.cssSelector("#detail pre.content")).getText()).contains("\"type\": \"Integer\"");
    screenshot("trace.png");

    // Download buttons are live (the files themselves go to the browser's download folder).
    assertThat(driver.findElement(By.id("download-reflow")).isEnabled()).isTrue();
    assertThat(driver.findElement(By.id("download-otlp")).isEnabled()).isTrue();
  }

  @Test
  @DisplayName("10,000 events: the page renders quickly with virtualised rows and scrolls to the end")
  void tracePage_tenThousandEvents() throws Exception {
    int events = big.events().size();
    assertThat(events).isEqualTo(10_000);
    long start = System.nanoTime();
    driver.get(viewer.url() + "traces/" + big.traceId() + "?token=" + TOKEN);
    await().until(d -> String.valueOf(events + 1).equals(d.findElement(By.id("wf-rows")).getAttribute("data-row-count")));
    long millis = (System.nanoTime() - start) / 1_000_000;
    System.out.println("ViewerBrowserTest: a trace of " + events + " events rendered in " + millis + " ms");
    assertThat(millis).as("time to render").isLessThan(15_000);
    assertThat(driver.findElements(By.cssSelector("#wf-rows .wf-row")).size()).as("rows in the DOM").isLessThan(150);
    ((JavascriptExecutor) driver).executeScript("const s = document.getElementById('wf-scroll'); s.scrollTop = s.scrollHeight;");
    String lastId = big.events().get(events - 1).eventId().toString();
    // The last row in display order is the deepest descendant of the chain, not necessarily the
    // last event: it is enough that rows near the end are drawn after scrolling.
    await().until(d -> !d.findElements(By.cssSelector("#wf-rows .wf-row[data-event-id]")).isEmpty()
        && d.findElements(By.cssSelector("#wf-rows .wf-row[data-root]")).isEmpty());
    assertThat(lastId).isNotEmpty();
    screenshot("trace-10000-events.png");
  }
}
