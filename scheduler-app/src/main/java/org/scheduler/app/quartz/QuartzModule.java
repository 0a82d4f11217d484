package org.scheduler.app.quartz;

import static org.scheduler.api.JobStateBinder.jobStates;
import static org.scheduler.api.JobTypeBinder.jobTypes;
import static org.scheduler.app.health.HealthModule.checks;
import static org.scheduler.app.http.HttpModule.endpoints;
import static org.scheduler.app.lifecycle.LifecycleModule.services;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;
import org.scheduler.app.conf.yaml.ConfSections;

/** The clustered Quartz scheduler that runs the jobs of jobs.yaml. */
public final class QuartzModule extends AbstractModule {
  private final QuartzConfig config;

  public QuartzModule(ConfSections conf) {
    this.config = conf.section("quartz", QuartzConfig::from);
  }

  public QuartzConfig config() {
    return config;
  }

  @Override
  protected void configure() {
    bind(QuartzConfig.class).toInstance(config);
    jobTypes(binder());
    jobStates(binder()); // declared here too, so that a node without such job types has the set
    bind(GuiceJobFactory.class).in(Scopes.SINGLETON);
    bind(QuartzSchedulerFactory.class).in(Scopes.SINGLETON);
    bind(QuartzSchedulerService.class).in(Scopes.SINGLETON);
    services(binder()).addBinding().to(QuartzSchedulerService.class);
    checks(binder()).addBinding().to(QuartzSchedulerService.class);
    bind(ClusterNodes.class).in(Scopes.SINGLETON);
    bind(StoredSchedule.class).in(Scopes.SINGLETON);
    bind(ScheduleHealth.class).in(Scopes.SINGLETON);
    bind(ConfVersions.class).in(Scopes.SINGLETON);
    checks(binder()).addBinding().to(ScheduleHealth.class);
    endpoints(binder()).addBinding().to(JobsEndpoints.ListJobs.class);
    endpoints(binder()).addBinding().to(JobsEndpoints.Runs.class);
    endpoints(binder()).addBinding().to(JobAdminEndpoints.Run.class);
    endpoints(binder()).addBinding().to(JobAdminEndpoints.Pause.class);
    endpoints(binder()).addBinding().to(JobAdminEndpoints.Resume.class);
  }
}
