package org.scheduler.app.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.scheduler.app.bootstrap.Node;
import org.scheduler.app.conf.yaml.ConfException;
import org.scheduler.app.conf.yaml.EnvSubstitution;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a node: the database (embedded unless database.url or SCHEDULER_DATABASE_URL is set),"
          + " the clustered scheduler with the jobs of jobs.yaml, and the HTTP API.",
      "Stops cleanly on SIGTERM or Ctrl-C."
    })
public final class ServeCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

  @Mixin ConfDirectoryOption conf;

  @Override
  public Integer call() throws InterruptedException {
    Node node;
    try {
      node = Node.assemble(conf.directory(), EnvSubstitution.system());
    } catch (ConfException e) {
      System.err.println(e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runnable stop =
        () -> {
          log.info("Stopping");
          node.close();
          log.info("Stopped");
          stopped.countDown();
        };
    TerminationSignals.onTermination(stop);
    // for exits that are not signals; a second stop does nothing
    Runtime.getRuntime().addShutdownHook(new Thread(node::close, "shutdown"));
    try {
      node.start();
    } catch (Exception e) {
      log.error("Node failed to start: {}", e.getMessage(), e);
      System.err.println("error: " + e.getMessage());
      return 1;
    }
    log.info("Node started");
    stopped.await();
    return 0;
  }
}
