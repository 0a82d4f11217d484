package org.scheduler.jobs.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RunUntilStoppedTest {
  @Test
  void survivesExceptionsAndErrorsAndKeepsGoing() throws Exception {
    AtomicInteger steps = new AtomicInteger();
    RunUntilStopped loop =
        new RunUntilStopped(
            "test-loop",
            running -> {
              int step = steps.incrementAndGet();
              if (step == 1) {
                throw new IllegalStateException("first");
              }
              if (step == 2) {
                throw new StackOverflowError("second");
              }
              return true;
            },
            Duration.ofMillis(1));
    Thread thread = new Thread(loop);
    thread.start();

    await().atMost(Duration.ofSeconds(10)).until(() -> steps.get() > 10);
    loop.stop();
    thread.join(10_000);
    assertThat(thread.isAlive()).isFalse();
  }

  @Test
  void aStopWakesAnIdleLoopAtOnce() throws Exception {
    AtomicInteger steps = new AtomicInteger();
    RunUntilStopped loop =
        new RunUntilStopped(
            "idle-loop",
            running -> {
              steps.incrementAndGet();
              return false;
            },
            Duration.ofHours(1));
    Thread thread = new Thread(loop);
    thread.start();
    await().until(() -> steps.get() == 1 && thread.getState() == Thread.State.TIMED_WAITING);

    loop.stop();

    thread.join(10_000);
    assertThat(thread.isAlive()).as("still waiting out its hour").isFalse();
    assertThat(steps.get()).isEqualTo(1);
  }

  @Test
  void theStepSeesTheStopThroughItsRunningFlag() throws Exception {
    AtomicInteger sawStop = new AtomicInteger();
    RunUntilStopped[] loop = new RunUntilStopped[1];
    loop[0] =
        new RunUntilStopped(
            "flag-loop",
            running -> {
              loop[0].stop();
              if (!running.getAsBoolean()) {
                sawStop.incrementAndGet();
              }
              return true;
            },
            Duration.ofMillis(1));
    Thread thread = new Thread(loop[0]);
    thread.start();
    thread.join(10_000);

    assertThat(thread.isAlive()).isFalse();
    assertThat(sawStop.get()).isEqualTo(1);
  }
}
