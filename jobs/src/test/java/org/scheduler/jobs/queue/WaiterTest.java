package org.scheduler.jobs.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WaiterTest {
  @Test
  void aWakeEndsTheWaitEarly() throws Exception {
    Waiter waiter = new Waiter();
    CountDownLatch done = new CountDownLatch(1);
    Thread sleeper =
        new Thread(
            () -> {
              try {
                waiter.await(Duration.ofHours(1));
                done.countDown();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    sleeper.start();
    await().until(() -> sleeper.getState() == Thread.State.TIMED_WAITING);

    waiter.wake();

    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aWakeBeforeTheWaitIsKeptForIt() throws Exception {
    Waiter waiter = new Waiter();
    waiter.wake();
    // returns at once: an hour-long wait would fail the test by its timeout
    waiter.await(Duration.ofHours(1));
  }

  @Test
  void aWakeIsUsedUpByOneWait() throws Exception {
    Waiter waiter = new Waiter();
    waiter.wake();
    waiter.await(Duration.ofHours(1));
    long start = System.nanoTime();
    waiter.await(Duration.ofMillis(50));
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(50));
  }

  @Test
  void itIsIdleOnlyWhileSomeoneWaitsWithNoWakePending() throws Exception {
    Waiter waiter = new Waiter();
    assertThat(waiter.isIdle()).as("nobody waits").isFalse();
    Thread sleeper =
        new Thread(
            () -> {
              try {
                waiter.await(Duration.ofHours(1));
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    sleeper.start();
    await().until(waiter::isIdle);

    waiter.wake();

    assertThat(waiter.isIdle()).as("woken, even before the sleeper runs again").isFalse();
    sleeper.join(10_000);
    assertThat(sleeper.isAlive()).isFalse();
  }
}
