package org.scheduler.app.testing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.scheduler.api.JobTypeBinder.jobTypeBinder;
import static org.scheduler.api.MessageHandlerBinder.messageHandlers;

import com.google.inject.AbstractModule;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import javax.sql.DataSource;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.scheduler.api.JobParams;
import org.scheduler.api.JobType;
import org.scheduler.api.Message;
import org.scheduler.api.MessageHandler;
import org.scheduler.api.ParamKind;
import org.scheduler.api.ParamSpec;
import org.scheduler.api.Progress;
import org.scheduler.app.conf.NodeConfig;

/**
 * Job types for tests, registered the way an extension jar registers its own: listed in
 * META-INF/services/com.google.inject.Module on the test classpath.
 */
public final class TestJobsModule extends AbstractModule {
  @Override
  protected void configure() {
    types().forEach(jobTypeBinder(binder())::bind);
    messageHandlers(binder()).addBinding("record").to(RecordHandler.class);
    messageHandlers(binder()).addBinding("journal").to(JournalHandler.class);
    messageHandlers(binder()).addBinding("parse").to(ParseHandler.class);
  }

  /** Parses the payload and keeps nothing: the memory a real handler needs, no side effects. */
  public static final class ParseHandler implements MessageHandler {
    @Override
    public void handle(Message message) {
      message.payloadJson();
    }
  }

  /**
   * Appends each delivery ({@code id attempt}) to {@code deliveries-<node>.log} in the working
   * directory, after sleeping {@code sleepMillis}: a record of deliveries that does not depend on
   * the database, so it holds while the database restarts.
   */
  public static final class JournalHandler implements MessageHandler {
    private final Path journal;

    @Inject
    public JournalHandler(NodeConfig node) {
      this.journal = Path.of("deliveries-" + node.name() + ".log");
    }

    @Override
    public void handle(Message message) throws Exception {
      long sleep = message.payloadJson().path("sleepMillis").asLong(0);
      if (sleep > 0) {
        Thread.sleep(sleep);
      }
      byte[] line = (message.id() + " " + message.attempt() + "\n").getBytes(UTF_8);
      synchronized (JournalHandler.class) {
        Files.write(journal, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      }
    }
  }

  /**
   * Records each delivery in the test table {@code handled} (which the test creates), after
   * sleeping {@code sleepMillis} from the payload.
   */
  public static final class RecordHandler implements MessageHandler {
    private final DataSource dataSource;
    private final NodeConfig node;

    @Inject
    public RecordHandler(DataSource dataSource, NodeConfig node) {
      this.dataSource = dataSource;
      this.node = node;
    }

    @Override
    public void handle(Message message) throws Exception {
      long sleep = message.payloadJson().path("sleepMillis").asLong(0);
      if (sleep > 0) {
        Thread.sleep(sleep);
      }
      try (Connection connection = dataSource.getConnection();
          PreparedStatement insert =
              connection.prepareStatement("INSERT INTO handled (id, node) VALUES (?, ?)")) {
        insert.setLong(1, message.id());
        insert.setString(2, node.name());
        insert.executeUpdate();
      }
    }
  }

  /** The test job types: noop (not recoverable), failing, and sleep (recoverable). */
  public static List<JobType> types() {
    return List.of(
        JobType.builder("noop", NoopJob.class)
            .param(ParamSpec.optional("note", ParamKind.STRING, null, "free text"))
            .recoverable(false)
            .build(),
        JobType.builder("failing", FailingJob.class).build(),
        JobType.builder("sleep", SleepJob.class)
            .param(
                ParamSpec.required("millis", ParamKind.INTEGER, "how long to sleep")
                    .range(0, 600_000))
            .build(),
        JobType.builder("halfway", HalfwayJob.class)
            .param(
                ParamSpec.required("millis", ParamKind.INTEGER, "how long to wait halfway")
                    .range(0, 600_000))
            .build(),
        JobType.builder("stubborn", StubbornJob.class)
            .param(
                ParamSpec.required("millis", ParamKind.INTEGER, "how long to run")
                    .range(0, 600_000))
            .build());
  }

  /** Does nothing; its runs show in the history. */
  public static final class NoopJob implements Job {
    @Override
    public void execute(JobExecutionContext context) {
      context.setResult("noop");
    }
  }

  public static final class FailingJob implements Job {
    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
      throw new JobExecutionException("failing on purpose");
    }
  }

  public static final class SleepJob implements Job {
    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
      try {
        Thread.sleep(JobParams.of(context).integer("millis"));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new JobExecutionException(e);
      }
    }
  }

  /** Runs for {@code millis} whatever happens, interrupts included. */
  public static final class StubbornJob implements Job {
    @Override
    public void execute(JobExecutionContext context) {
      long end = System.nanoTime() + JobParams.of(context).integer("millis") * 1_000_000L;
      while (System.nanoTime() < end) {
        try {
          Thread.sleep(Math.max(1, (end - System.nanoTime()) / 1_000_000));
        } catch (InterruptedException e) {
          // ignored on purpose
        }
      }
    }
  }

  /** Reports that it is halfway, then waits {@code millis} before it ends. */
  public static final class HalfwayJob implements Job {
    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
      Progress.report(context, 0.5, "halfway");
      try {
        Thread.sleep(JobParams.of(context).integer("millis"));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new JobExecutionException(e);
      }
    }
  }
}
