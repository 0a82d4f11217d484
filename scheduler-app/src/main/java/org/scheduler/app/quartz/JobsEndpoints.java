package org.scheduler.app.quartz;

import static java.util.Objects.requireNonNull;

import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.quartz.CronTrigger;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.Trigger;
import org.quartz.impl.matchers.GroupMatcher;
import org.scheduler.app.http.Endpoint;
import org.scheduler.app.http.HttpRequest;
import org.scheduler.app.http.JsonResponse;
import org.scheduler.jobs.history.JobRun;
import org.scheduler.jobs.history.JobRunHistory;

/** {@code GET /api/jobs} and {@code GET /api/jobs/{name}/runs}. */
final class JobsEndpoints {
  private JobsEndpoints() {}

  static final class ListJobs implements Endpoint {
    private final QuartzSchedulerService scheduler;
    private final JobRunHistory history;

    @Inject
    ListJobs(QuartzSchedulerService scheduler, JobRunHistory history) {
      this.scheduler = requireNonNull(scheduler, "scheduler is null");
      this.history = requireNonNull(history, "history is null");
    }

    @Override
    public String method() {
      return "GET";
    }

    @Override
    public String path() {
      return "/api/jobs";
    }

    @Override
    public JsonResponse handle(HttpRequest request) throws Exception {
      Scheduler quartz = scheduler.scheduler();
      Map<String, JobRun> lastRuns = history.latestRuns();
      List<Map<String, Object>> jobs = new ArrayList<>();
      for (JobKey key :
          quartz.getJobKeys(GroupMatcher.jobGroupEquals(QuartzJobs.GROUP)).stream()
              .sorted()
              .toList()) {
        JobDetail detail = quartz.getJobDetail(key);
        if (detail == null) {
          continue; // removed since it was listed
        }
        Trigger trigger = quartz.getTrigger(QuartzJobs.triggerKey(key.getName()));
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("name", key.getName());
        job.put("type", detail.getJobDataMap().getString(QuartzJobs.TYPE_KEY));
        job.put("enabled", trigger != null);
        if (trigger != null) {
          job.put("trigger", trigger.getJobDataMap().getString(QuartzJobs.SCHEDULE_KEY));
          if (trigger instanceof CronTrigger cron) {
            job.put("timeZone", cron.getTimeZone().getID());
          }
          job.put("misfire", trigger.getJobDataMap().getString(QuartzJobs.MISFIRE_KEY));
          job.put("nextFireTime", instant(trigger.getNextFireTime()));
          job.put("previousFireTime", instant(trigger.getPreviousFireTime()));
          job.put(
              "paused", quartz.getTriggerState(trigger.getKey()) == Trigger.TriggerState.PAUSED);
        }
        JobRun last = lastRuns.get(key.getName());
        job.put("lastRun", last == null ? null : RunsView.of(last));
        jobs.add(job);
      }
      return JsonResponse.ok(Map.of("jobs", jobs));
    }
  }

  static final class Runs implements Endpoint {
    private final QuartzSchedulerService scheduler;
    private final JobRunHistory history;

    @Inject
    Runs(QuartzSchedulerService scheduler, JobRunHistory history) {
      this.scheduler = requireNonNull(scheduler, "scheduler is null");
      this.history = requireNonNull(history, "history is null");
    }

    @Override
    public String method() {
      return "GET";
    }

    @Override
    public String path() {
      return "/api/jobs/{name}/runs";
    }

    @Override
    public JsonResponse handle(HttpRequest request) throws Exception {
      String name = request.path("name");
      int limit = request.intQuery("limit", 50, 1, 1000);
      if (!scheduler.scheduler().checkExists(QuartzJobs.jobKey(name))) {
        return JsonResponse.error(404, "no job named '" + name + "'");
      }
      List<Map<String, Object>> runs =
          history.runs(name, limit).stream().map(RunsView::of).toList();
      return JsonResponse.ok(Map.of("job", name, "runs", runs));
    }
  }

  /** How a run looks in the API. */
  static final class RunsView {
    private RunsView() {}

    static Map<String, Object> of(JobRun run) {
      Map<String, Object> view = new LinkedHashMap<>();
      view.put("id", run.id());
      view.put("outcome", run.outcome().name());
      view.put("node", run.nodeId());
      view.put("scheduledAt", run.scheduledAt());
      view.put("startedAt", run.startedAt());
      view.put("finishedAt", run.finishedAt());
      view.put("recovering", run.recovering());
      view.put("error", run.error());
      view.put("result", run.result());
      return view;
    }
  }

  private static Instant instant(Date date) {
    return date == null ? null : date.toInstant();
  }
}
