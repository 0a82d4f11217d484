package com.example.greeting;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.Map;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.scheduler.api.Enqueuer;
import org.scheduler.api.JobParams;
import org.scheduler.api.NewMessage;

/** Puts {@code {"greeting": "hello, <name>"}} on the job's queue. */
public final class GreetingJob implements Job {
  static final String NAME = "name";
  static final String QUEUE = "queue";
  private static final ObjectMapper json = new ObjectMapper();

  private final Enqueuer enqueuer;

  @Inject
  public GreetingJob(Enqueuer enqueuer) {
    this.enqueuer = requireNonNull(enqueuer, "enqueuer is null");
  }

  @Override
  public void execute(JobExecutionContext context) throws JobExecutionException {
    JobParams params = JobParams.of(context);
    try {
      String payload = json.writeValueAsString(Map.of("greeting", "hello, " + params.string(NAME)));
      long id =
          enqueuer.enqueue(
              params.string(QUEUE), NewMessage.of(GreetingModule.MESSAGE_TYPE, payload));
      context.setResult("greeting " + id);
    } catch (SQLException | JsonProcessingException e) {
      throw new JobExecutionException("could not send the greeting: " + e.getMessage(), e);
    }
  }
}
