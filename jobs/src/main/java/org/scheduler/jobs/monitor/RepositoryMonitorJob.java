package org.scheduler.jobs.monitor;

import static java.util.Objects.requireNonNull;

import jakarta.inject.Inject;
import java.net.URI;
import java.util.Optional;
import java.util.stream.Collectors;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.scheduler.api.Environment;
import org.scheduler.api.JobParams;

/**
 * Runs the repository monitor with the job's params. Quartz keeps it from running twice at once
 * across the cluster; the run's per-repository counts (and errors) go to the job-run history.
 */
@DisallowConcurrentExecution
final class RepositoryMonitorJob implements Job {
  private final RepositoryMonitor monitor;
  private final Environment environment;

  @Inject
  public RepositoryMonitorJob(RepositoryMonitor monitor, Environment environment) {
    this.monitor = requireNonNull(monitor, "monitor is null");
    this.environment = requireNonNull(environment, "environment is null");
  }

  @Override
  public void execute(JobExecutionContext context) throws JobExecutionException {
    RunReport report;
    try {
      report =
          monitor.run(
              settings(
                  context.getJobDetail().getKey().getName(), JobParams.of(context), environment));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JobExecutionException("interrupted", e);
    }
    context.setResult(report.toString());
    if (report.hasErrors()) {
      throw new JobExecutionException(report.toString());
    }
  }

  static MonitorSettings settings(String job, JobParams params, Environment environment)
      throws JobExecutionException {
    Optional<String> token = Optional.empty();
    if (params.has(RepositoryMonitorJobType.TOKEN_ENV)) {
      String variable = params.string(RepositoryMonitorJobType.TOKEN_ENV);
      token = environment.get(variable);
      if (token.isEmpty()) {
        throw new JobExecutionException(
            "environment variable " + variable + " (params.tokenEnv) is not set on this node");
      }
    }
    return new MonitorSettings(
        job,
        URI.create(params.string(RepositoryMonitorJobType.API_URL)),
        token,
        params.stringList(RepositoryMonitorJobType.REPOSITORIES),
        params.string(RepositoryMonitorJobType.QUEUE),
        params.stringList(RepositoryMonitorJobType.EVENTS).stream()
            .map(name -> PullRequestEvent.fromName(name).orElseThrow())
            .collect(Collectors.toSet()),
        params.string(RepositoryMonitorJobType.INITIAL_SYNC).equals("emit"),
        params.has(RepositoryMonitorJobType.MESSAGE_TYPE)
            ? Optional.of(params.string(RepositoryMonitorJobType.MESSAGE_TYPE))
            : Optional.empty(),
        MonitorMode.fromParam(params.string(RepositoryMonitorJobType.MODE)).orElseThrow(),
        (int) params.integer(RepositoryMonitorJobType.MAX_CONCURRENT_REPOSITORIES));
  }
}
