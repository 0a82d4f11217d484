package org.scheduler.app.quartz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JobThreadPoolTest {
  private final CountDownLatch release = new CountDownLatch(1);
  private JobThreadPool pool;

  @AfterEach
  void stop() {
    release.countDown();
    if (pool != null) {
      pool.shutdown(false);
    }
  }

  @Test
  void beforeAnyJobHasEndedOnlyTheThreadsAreOffered() throws Exception {
    pool = pool(2, 5, 10_000);

    assertThat(pool.blockForAvailableThreads()).isEqualTo(2);
    assertThat(pool.getPoolSize()).isEqualTo(2);
  }

  @Test
  void shortJobsEarnTheWholeBacklog() throws Exception {
    pool = pool(2, 5, 10_000);
    AtomicInteger ran = new AtomicInteger();
    for (int i = 0; i < 2; i++) {
      pool.runInThread(ran::incrementAndGet);
    }
    await().until(() -> pool.inFlight() == 0);

    assertThat(pool.blockForAvailableThreads()).isEqualTo(7);
    pool.runInThread(this::held);
    pool.runInThread(this::held);
    pool.runInThread(this::held);
    assertThat(pool.blockForAvailableThreads()).isEqualTo(4);
  }

  @Test
  void jobsLongerThanTheBacklogWaitEarnNoBacklog() throws Exception {
    pool = pool(2, 5, 10_000);
    pool.setBacklogWait(10);
    for (int i = 0; i < 2; i++) {
      pool.runInThread(JobThreadPoolTest::runFor50Millis);
    }
    await().until(() -> pool.inFlight() == 0);

    assertThat(pool.blockForAvailableThreads()).isEqualTo(2);
  }

  @Test
  void waitsWhileThreadsAndBacklogAreFullAndGoesOnWhenAJobEnds() throws Exception {
    pool = pool(1, 1, 10_000);
    CountDownLatch firstRelease = new CountDownLatch(1);
    pool.runInThread(() -> hold(firstRelease));
    pool.runInThread(this::held);

    CompletableFuture<Integer> available =
        CompletableFuture.supplyAsync(() -> pool.blockForAvailableThreads());
    // the caller is still blocked a while later: nothing has ended
    assertThat(available).isNotDone();
    await().during(200, TimeUnit.MILLISECONDS).until(() -> !available.isDone());

    firstRelease.countDown();

    assertThat(available.get(10, TimeUnit.SECONDS)).isEqualTo(1);
  }

  @Test
  void shutdownRunsTheQueuedJobsAndWaitsForThem() throws Exception {
    pool = pool(1, 10, 10_000);
    AtomicInteger ran = new AtomicInteger();
    CountDownLatch firstRelease = new CountDownLatch(1);
    pool.runInThread(() -> hold(firstRelease));
    for (int i = 0; i < 5; i++) {
      pool.runInThread(ran::incrementAndGet);
    }

    CompletableFuture<Void> shutdown = CompletableFuture.runAsync(() -> pool.shutdown(false));
    await().during(200, TimeUnit.MILLISECONDS).until(() -> !shutdown.isDone());
    firstRelease.countDown();
    shutdown.get(10, TimeUnit.SECONDS);

    assertThat(ran).hasValue(5);
    assertThat(pool.inFlight()).isZero();
  }

  @Test
  void shutdownGivesUpAfterItsTimeout() throws Exception {
    pool = pool(1, 0, 300);
    pool.runInThread(this::held);

    CompletableFuture.runAsync(() -> pool.shutdown(true)).get(10, TimeUnit.SECONDS);

    assertThat(pool.inFlight()).isEqualTo(1);
  }

  @Test
  void aJobHandedOverAfterShutdownStillRuns() throws Exception {
    pool = pool(1, 0, 1_000);
    pool.shutdown(false);
    AtomicInteger ran = new AtomicInteger();

    assertThat(pool.runInThread(ran::incrementAndGet)).isTrue();

    assertThat(ran).hasValue(1);
    assertThat(pool.blockForAvailableThreads()).isEqualTo(1);
  }

  private static JobThreadPool pool(int threads, int backlog, long shutdownTimeoutMillis)
      throws Exception {
    JobThreadPool pool = new JobThreadPool();
    pool.setThreadCount(threads);
    pool.setBacklog(backlog);
    pool.setShutdownTimeout(shutdownTimeoutMillis);
    pool.setThreadNamePrefix("test-worker");
    pool.initialize();
    return pool;
  }

  /** A job that takes its time: its duration is what the pool measures. */
  private static void runFor50Millis() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void held() {
    hold(release);
  }

  private static void hold(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
