package org.scheduler.app.quartz;

import static java.util.Objects.requireNonNull;

import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.scheduler.app.http.Endpoint;
import org.scheduler.app.http.HttpRequest;
import org.scheduler.app.http.JsonResponse;
import org.scheduler.jobs.history.JobRun;
import org.scheduler.jobs.history.JobRunHistory;

/** {@code GET /api/jobs} and {@code GET /api/jobs/{name}/runs}. */
final class JobsEndpoints {
  private JobsEndpoints() {}

  static final class ListJobs implements Endpoint {
    private final StoredSchedule stored;
    private final JobRunHistory history;

    @Inject
    ListJobs(StoredSchedule stored, JobRunHistory history) {
      this.stored = requireNonNull(stored, "stored is null");
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

    /** A job whose trigger cannot be loaded is listed with its {@code error}; the rest as usual. */
    @Override
    public JsonResponse handle(HttpRequest request) throws Exception {
      Map<String, JobRun> lastRuns = history.latestRuns();
      List<Map<String, Object>> jobs = new ArrayList<>();
      for (StoredSchedule.StoredJob stored : stored.jobs()) {
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("name", stored.name());
        job.put("type", stored.type());
        job.put("enabled", stored.trigger().isPresent());
        stored.trigger().ifPresent(trigger -> describe(trigger, job));
        JobRun last = lastRuns.get(stored.name());
        job.put("lastRun", last == null ? null : RunsView.of(last));
        jobs.add(job);
      }
      return JsonResponse.ok(Map.of("jobs", jobs));
    }

    private static void describe(StoredSchedule.StoredTrigger trigger, Map<String, Object> job) {
      job.put("trigger", trigger.schedule().orElse(null));
      trigger.timeZone().ifPresent(zone -> job.put("timeZone", zone));
      job.put("misfire", trigger.misfire().orElse(null));
      job.put("nextFireTime", trigger.nextFireTime().orElse(null));
      job.put("previousFireTime", trigger.previousFireTime().orElse(null));
      job.put("paused", trigger.paused());
      trigger.problem().ifPresent(problem -> job.put("error", problem));
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
      view.put(
          "progress",
          run.progress()
              .map(
                  progress -> {
                    Map<String, Object> shown = new LinkedHashMap<>();
                    shown.put("fraction", progress.fraction());
                    shown.put("step", progress.step());
                    shown.put("at", run.progressAt());
                    return shown;
                  })
              .orElse(null));
      return view;
    }
  }
}
