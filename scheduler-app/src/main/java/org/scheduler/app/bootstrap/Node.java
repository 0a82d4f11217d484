package org.scheduler.app.bootstrap;

import static java.util.Objects.requireNonNull;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.scheduler.app.conf.ConfFiles;
import org.scheduler.app.conf.JobsConf;
import org.scheduler.app.conf.JobsConfLoader;
import org.scheduler.app.conf.NodeConfig;
import org.scheduler.app.conf.yaml.ConfError;
import org.scheduler.app.conf.yaml.ConfException;
import org.scheduler.app.conf.yaml.ConfSections;
import org.scheduler.app.conf.yaml.EnvSubstitution;
import org.scheduler.app.lifecycle.LifecycleManager;
import org.scheduler.app.lifecycle.Service;
import org.scheduler.app.logging.LogOutput;
import org.scheduler.app.logging.LoggingConfig;
import org.scheduler.app.node.NodeDrainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node, assembled: configuration read and validated (both files) before the injector starts any
 * thread, then its services started in order.
 */
public final class Node implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Node.class);

  private final Injector injector;
  private final LifecycleManager lifecycle;

  private Node(Injector injector) {
    this.injector = requireNonNull(injector, "injector is null");
    this.lifecycle = injector.getInstance(LifecycleManager.class);
  }

  /** Reads the conf and wires the node; nothing runs yet. Throws ConfException on bad conf. */
  public static Node assemble(Path confDirectory, EnvSubstitution env) {
    ConfSections conf = ConfSections.read(new ConfFiles(confDirectory).schedulerFile(), env);
    Injector injector = injector(conf, env);
    LogOutput.nameNode(injector.getInstance(NodeConfig.class).name());
    LogOutput.use(injector.getInstance(LoggingConfig.class).format());
    injector.getInstance(JobsConfLoader.class).atStart();
    conf.log(log);
    return new Node(injector);
  }

  /**
   * Reads and validates scheduler.yaml and wires the node as {@link #assemble} does, without
   * jobs.yaml: for commands that work on a running cluster's database. Nothing starts.
   */
  public static Node wire(Path confDirectory, EnvSubstitution env) {
    return new Node(
        injector(ConfSections.read(new ConfFiles(confDirectory).schedulerFile(), env), env));
  }

  /** What {@code conf check} reports: every error of both files, or the valid jobs. */
  public record Check(List<ConfError> errors, Optional<JobsConf> jobs) {}

  /**
   * Validates both files as {@link #assemble} does, wiring the node the same way (so extension job
   * types count), but collects every error of both files instead of stopping at the first file's.
   * Nothing starts.
   */
  public static Check check(Path confDirectory, EnvSubstitution env) {
    List<ConfError> errors = new ArrayList<>();
    Path schedulerFile = new ConfFiles(confDirectory).schedulerFile();
    Injector injector;
    try {
      injector = injector(ConfSections.read(schedulerFile, env), env);
    } catch (ConfException e) {
      errors.addAll(e.errors());
      // jobs.yaml is still checked, against the job types a node with default settings has
      injector = injector(ConfSections.empty(schedulerFile, env), env);
    }
    try {
      JobsConf jobs = injector.getInstance(JobsConfLoader.class).load();
      return new Check(
          List.copyOf(errors), errors.isEmpty() ? Optional.of(jobs) : Optional.empty());
    } catch (ConfException e) {
      errors.addAll(e.errors());
      return new Check(List.copyOf(errors), Optional.empty());
    }
  }

  private static Injector injector(ConfSections conf, EnvSubstitution env) {
    return Guice.createInjector(Stage.PRODUCTION, NodeModules.modules(conf, env));
  }

  public Node start() throws Exception {
    lifecycle.start();
    return this;
  }

  /** Starts only the services up to {@code lastPhase}, e.g. the database for {@code db migrate}. */
  public Node start(Service.Phase lastPhase) throws Exception {
    lifecycle.start(lastPhase);
    return this;
  }

  public <T> T get(Class<T> type) {
    return injector.getInstance(type);
  }

  /**
   * Drains (readiness 503, then {@code node.drainDelay} for the load balancer), then stops every
   * service: queue consumers give back what they have not started, running jobs get {@code
   * quartz.shutdownTimeout}. Safe to call twice.
   */
  @Override
  public void close() {
    if (lifecycle.state() == LifecycleManager.State.STARTED) {
      try {
        injector.getInstance(NodeDrainer.class).announce();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    lifecycle.stop();
  }
}
