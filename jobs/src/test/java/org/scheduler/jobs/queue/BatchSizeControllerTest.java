package org.scheduler.jobs.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The controller on synthetic timings: a settable clock, no sleeping. */
class BatchSizeControllerTest {
  private long now;
  private final BatchSizeController controller =
      new BatchSizeController(
          config(1, 1000, Duration.ofSeconds(1), Duration.ofSeconds(30)), () -> now);

  @Test
  void settlesWithinTwentyBatchesFromAColdStartWithATwoMillisecondHandler() {
    List<Integer> sizes = run(20, Duration.ofMillis(2), Integer.MAX_VALUE);

    // 1 s / 2 ms = 500 messages per batch
    assertThat(sizes.get(sizes.size() - 1)).isBetween(450, 550);
    assertThat(sizes.subList(15, 20)).allSatisfy(size -> assertThat(size).isBetween(450, 550));
  }

  @Test
  void aFastHandlerReachesTheMaximumInThreeBatchesFromAColdStart() {
    List<Integer> sizes = run(3, Duration.ofNanos(20_000), Integer.MAX_VALUE);

    assertThat(sizes).containsExactly(80, 640, 1000);
  }

  @Test
  void shrinksWithinFiveBatchesWhenTheHandlerSlowsToFiftyMilliseconds() {
    run(20, Duration.ofMillis(2), Integer.MAX_VALUE);

    List<Integer> sizes = run(5, Duration.ofMillis(50), Integer.MAX_VALUE);

    // 1 s / 50 ms = 20 messages per batch: reached after the first slow batch, then held
    assertThat(sizes.get(0)).isBetween(15, 25);
    assertThat(sizes).allSatisfy(size -> assertThat(size).isBetween(15, 30));
    assertThat(sizes.get(sizes.size() - 1)).isBetween(18, 22);
  }

  @Test
  void doesNotGrowWhileTheBacklogIsEmpty() {
    int start = controller.size();

    List<Integer> sizes = run(30, Duration.ofMillis(2), 3);

    assertThat(sizes).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(start));
  }

  @Test
  void emptyClaimsChangeNothing() {
    int start = controller.size();
    for (int i = 0; i < 10; i++) {
      controller.start(controller.size()).finish(0, 0);
    }
    assertThat(controller.size()).isEqualTo(start);
  }

  @Test
  void shrinksOnHandlerErrors() {
    run(20, Duration.ofMillis(2), Integer.MAX_VALUE);
    int before = controller.size();

    batch(before, before, Duration.ofMillis(2), 1);

    assertThat(controller.size()).isEqualTo(before / 2);
  }

  @Test
  void shrinksWhenABatchUsesMoreThanHalfItsLease() {
    BatchSizeController tight =
        new BatchSizeController(
            config(1, 1000, Duration.ofSeconds(1), Duration.ofSeconds(2)), () -> now);
    int size = tight.size();
    BatchSizeController.Batch batch = tight.start(size);
    now += Duration.ofMillis(1500).toNanos();
    batch.finish(size, 0);

    assertThat(tight.size()).isLessThanOrEqualTo(size / 2);
  }

  @Test
  void staysWithinMinAndMax() {
    BatchSizeController bounded =
        new BatchSizeController(
            config(5, 50, Duration.ofSeconds(1), Duration.ofSeconds(30)), () -> now);
    for (int i = 0; i < 20; i++) {
      int size = bounded.size();
      BatchSizeController.Batch batch = bounded.start(size);
      now += Duration.ofMillis(1).toNanos() * size;
      batch.finish(size, 0);
    }
    assertThat(bounded.size()).isEqualTo(50);
    for (int i = 0; i < 20; i++) {
      int size = bounded.size();
      BatchSizeController.Batch batch = bounded.start(size);
      now += Duration.ofSeconds(1).toNanos() * size;
      batch.finish(size, 0);
    }
    assertThat(bounded.size()).isEqualTo(5);
  }

  /** Runs batches of a handler taking {@code perMessage}, with {@code backlog} messages ready. */
  private List<Integer> run(int batches, Duration perMessage, int backlog) {
    List<Integer> sizes = new ArrayList<>();
    for (int i = 0; i < batches; i++) {
      int requested = controller.size();
      batch(requested, Math.min(requested, backlog), perMessage, 0);
      sizes.add(controller.size());
    }
    return sizes;
  }

  private void batch(int requested, int claimed, Duration perMessage, int failed) {
    BatchSizeController.Batch batch = controller.start(requested);
    now += perMessage.toNanos() * claimed;
    batch.finish(claimed, failed);
  }

  static QueueConfig config(int min, int max, Duration target, Duration lease) {
    return QueueConfig.defaults("test").withBatch(min, max, target).withLease(lease);
  }
}
