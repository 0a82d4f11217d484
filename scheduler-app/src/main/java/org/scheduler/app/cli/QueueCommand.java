package org.scheduler.app.cli;

import com.zaxxer.hikari.HikariDataSource;
import java.util.Map;
import java.util.concurrent.Callable;
import org.scheduler.app.bootstrap.Node;
import org.scheduler.app.conf.yaml.ConfException;
import org.scheduler.app.conf.yaml.EnvSubstitution;
import org.scheduler.app.database.DatabaseConfig;
import org.scheduler.jobs.queue.QueueAdmin;
import org.scheduler.jobs.queue.QueuesConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "queue",
    mixinStandardHelpOptions = true,
    description = "Queue commands.",
    subcommands = {QueueCommand.Stats.class})
public final class QueueCommand {
  @Command(
      name = "stats",
      mixinStandardHelpOptions = true,
      description =
          "Prints each queue's messages by state, dead letters, the age of the oldest ready message"
              + " and the messages acked in the last minute, from the cluster's database.")
  static final class Stats implements Callable<Integer> {
    @Mixin ConfDirectoryOption conf;

    @Override
    public Integer call() {
      try {
        Node node = Node.wire(conf.directory(), EnvSubstitution.system());
        try (HikariDataSource dataSource = CliDatabase.open(node.get(DatabaseConfig.class))) {
          Map<String, QueueAdmin.Stats> stats =
              new QueueAdmin(dataSource).stats(node.get(QueuesConfig.class).queues().keySet());
          System.out.printf(
              "%-24s %10s %10s %10s %10s %14s %12s%n",
              "queue", "ready", "delayed", "claimed", "dead", "oldest ready", "acked/min");
          stats.forEach(
              (queue, each) ->
                  System.out.printf(
                      "%-24s %10d %10d %10d %10d %14s %12d%n",
                      queue,
                      each.ready(),
                      each.delayed(),
                      each.claimed(),
                      each.dead(),
                      each.oldestReadyAge().map(age -> age.toSeconds() + " s").orElse("-"),
                      each.ackedLastMinute()));
        }
        return 0;
      } catch (ConfException e) {
        System.err.println(e.getMessage());
        return 1;
      } catch (Exception e) {
        System.err.println("error: " + e.getMessage());
        return 1;
      }
    }
  }
}
