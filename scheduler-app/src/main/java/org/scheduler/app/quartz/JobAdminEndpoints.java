package org.scheduler.app.quartz;

import static java.util.Objects.requireNonNull;

import jakarta.inject.Inject;
import java.util.Map;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.scheduler.app.http.Endpoint;
import org.scheduler.app.http.HttpRequest;
import org.scheduler.app.http.JsonResponse;

/**
 * {@code POST /api/jobs/{name}/run}, {@code /pause} and {@code /resume}. They act on the cluster's
 * job store, so a pause holds on every node and across restarts.
 */
final class JobAdminEndpoints {
  private JobAdminEndpoints() {}

  private enum Action {
    RUN("run"),
    PAUSE("pause"),
    RESUME("resume");

    private final String path;

    Action(String path) {
      this.path = path;
    }
  }

  private abstract static class JobAction implements Endpoint {
    private final QuartzSchedulerService scheduler;
    private final Action action;

    JobAction(QuartzSchedulerService scheduler, Action action) {
      this.scheduler = requireNonNull(scheduler, "scheduler is null");
      this.action = action;
    }

    @Override
    public String method() {
      return "POST";
    }

    @Override
    public String path() {
      return "/api/jobs/{name}/" + action.path;
    }

    @Override
    public JsonResponse handle(HttpRequest request) throws SchedulerException {
      String name = request.path("name");
      Scheduler quartz = scheduler.scheduler();
      JobKey key = QuartzJobs.jobKey(name);
      if (!quartz.checkExists(key)) {
        return JsonResponse.error(404, "no job named '" + name + "'");
      }
      switch (action) {
        case RUN -> quartz.triggerJob(key);
        case PAUSE -> quartz.pauseJob(key);
        case RESUME -> quartz.resumeJob(key);
      }
      return new JsonResponse(
          action == Action.RUN ? 202 : 200, Map.of("job", name, "action", action.path));
    }
  }

  static final class Run extends JobAction {
    @Inject
    Run(QuartzSchedulerService scheduler) {
      super(scheduler, Action.RUN);
    }
  }

  static final class Pause extends JobAction {
    @Inject
    Pause(QuartzSchedulerService scheduler) {
      super(scheduler, Action.PAUSE);
    }
  }

  static final class Resume extends JobAction {
    @Inject
    Resume(QuartzSchedulerService scheduler) {
      super(scheduler, Action.RESUME);
    }
  }
}
