package org.scheduler.jobs.history;

import static java.util.Objects.requireNonNull;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.scheduler.api.Progress;
import org.scheduler.jobs.history.JobRunHistory.Ended;
import org.scheduler.jobs.history.JobRunHistory.EndedRow;
import org.scheduler.jobs.history.JobRunHistory.NewRow;
import org.scheduler.jobs.history.JobRunHistory.Started;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the job-run history in batches, off the jobs' own threads.
 *
 * <p>Writing each run's start and end as they happened cost every run two transactions of its own,
 * one before its work and one after: with a thousand runs due in the same second they were half the
 * database work of the burst, and every job started a round trip late. Here a job's thread notes
 * the time and hands the run over; one thread writes whatever has gathered since its last write in
 * one transaction (a run that ended before its start was written is inserted whole). Under load the
 * batches grow by themselves; an idle writer writes a run at once.
 *
 * <p>The history is a record, not the schedule: a write that fails is tried again, and runs beyond
 * {@link #MAX_PENDING} are dropped with a warning rather than fill the heap while the database is
 * away.
 */
public final class JobRunWriter {
  private static final Logger log = LoggerFactory.getLogger(JobRunWriter.class);
  static final int MAX_PENDING = 100_000;
  private static final int MAX_BATCH = 2_000;
  private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);
  private static final long PROGRESS_EVERY_NANOS = Duration.ofSeconds(1).toNanos();

  /** A run as recorded: its start, and its end once it has one. */
  public static final class Run {
    private final Started started;
    private volatile Ended ended;
    private volatile Progress progress;
    // written by the writer's thread only
    private long id;
    private boolean endWritten;
    private Progress progressWritten;
    // guarded by the run itself
    private long progressOfferedAt;

    private Run(Started started) {
      this.started = started;
    }

    /** The run's row id; 0 until its row is written. */
    public synchronized long id() {
      return id;
    }

    private synchronized void inserted(long id, boolean withEnd) {
      this.id = id;
      this.endWritten = withEnd;
    }

    private synchronized void endWritten() {
      this.endWritten = true;
    }
  }

  private final JobRunHistory history;
  private final LinkedBlockingQueue<Run> changed = new LinkedBlockingQueue<>();
  private final ExecutorService executor =
      Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, "job-run-writer"));
  // handed over and not yet written: what isIdle() waits for
  private final AtomicInteger unwritten = new AtomicInteger();
  private final AtomicInteger dropped = new AtomicInteger();
  private volatile boolean stopping;
  private boolean started;

  public JobRunWriter(JobRunHistory history) {
    this.history = requireNonNull(history, "history is null");
  }

  public synchronized void start() {
    if (started) {
      return;
    }
    started = true;
    executor.execute(this::writeUntilStopped);
  }

  /** Records a run's start; its row follows shortly. */
  public Run started(Started started) {
    Run run = new Run(requireNonNull(started, "started is null"));
    offer(run);
    return run;
  }

  /**
   * Records how far a run is. The latest report is kept; it is handed to the writer at most once a
   * second per run, so a job that reports in a tight loop costs one write a second.
   */
  public void progressed(Run run, Progress progress) {
    run.progress = requireNonNull(progress, "progress is null");
    long now = System.nanoTime();
    synchronized (run) {
      if (run.progressOfferedAt != 0 && now - run.progressOfferedAt < PROGRESS_EVERY_NANOS) {
        return;
      }
      run.progressOfferedAt = now;
    }
    offer(run);
  }

  /** Records a run's end. */
  public void ended(Run run, Ended ended) {
    run.ended = requireNonNull(ended, "ended is null");
    offer(run);
  }

  private void offer(Run run) {
    if (unwritten.get() >= MAX_PENDING) {
      if (dropped.getAndIncrement() % 10_000 == 0) {
        log.warn("The job-run history is {} runs behind; dropping runs from it", MAX_PENDING);
      }
      return;
    }
    unwritten.incrementAndGet();
    changed.add(run);
  }

  /** Writes what is left, for at most {@code timeout}, and stops. Safe to call twice. */
  public void stop(Duration timeout) throws InterruptedException {
    stopping = true;
    executor.shutdown();
    if (!executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      executor.shutdownNow();
    }
    if (unwritten.get() > 0) {
      log.warn("{} job run change(s) not written to the history at stop", unwritten.get());
    }
  }

  /** Whether every run handed over so far is written, as far as it has gone. */
  public boolean isIdle() {
    return unwritten.get() == 0;
  }

  private void writeUntilStopped() {
    int failures = 0;
    List<Run> failed = List.of();
    while (true) {
      List<Run> batch = new ArrayList<>(failed);
      try {
        if (batch.isEmpty()) {
          Run first = changed.poll(stopping ? 0 : 200, TimeUnit.MILLISECONDS);
          if (first == null) {
            if (stopping) {
              return;
            }
            continue;
          }
          batch.add(first);
        }
        changed.drainTo(batch, MAX_BATCH);
        write(batch);
        unwritten.addAndGet(-batch.size());
        failed = List.of();
        if (failures > 0) {
          log.info("The job-run history is written again after {} failure(s)", failures);
          failures = 0;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (SQLException | RuntimeException e) {
        if (failures++ == 0) {
          log.warn("Could not write {} job run(s) to the history: {}", batch.size(), e.toString());
        }
        failed = batch;
        if (stopping || !pause()) {
          return;
        }
      }
    }
  }

  private boolean pause() {
    try {
      Thread.sleep(RETRY_PAUSE.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void write(List<Run> batch) throws SQLException {
    // a run may be in the batch twice (started, then ended): one look at it is enough
    Set<Run> runs = new LinkedHashSet<>(batch);
    List<Run> inserted = new ArrayList<>();
    List<NewRow> rows = new ArrayList<>();
    List<Run> finished = new ArrayList<>();
    List<EndedRow> ends = new ArrayList<>();
    for (Run run : runs) {
      Ended ended = run.ended;
      long id = run.id();
      if (id == 0) {
        inserted.add(run);
        rows.add(new NewRow(run.started, ended));
      } else if (ended != null && !run.endWritten) {
        finished.add(run);
        ends.add(new EndedRow(id, ended));
      }
    }
    if (!rows.isEmpty() || !ends.isEmpty()) {
      long[] ids = history.write(rows, ends);
      for (int i = 0; i < ids.length; i++) {
        inserted.get(i).inserted(ids[i], rows.get(i).ended() != null);
      }
      finished.forEach(Run::endWritten);
    }
    // after the inserts, so that a run started and progressed in one batch has its id
    List<Run> progressed = new ArrayList<>();
    List<JobRunHistory.ProgressRow> progress = new ArrayList<>();
    for (Run run : runs) {
      Progress latest = run.progress;
      if (latest != null && latest != run.progressWritten && run.ended == null && run.id() != 0) {
        progressed.add(run);
        progress.add(new JobRunHistory.ProgressRow(run.id(), latest));
      }
    }
    history.progress(progress);
    for (int i = 0; i < progressed.size(); i++) {
      progressed.get(i).progressWritten = progress.get(i).progress();
    }
  }
}
