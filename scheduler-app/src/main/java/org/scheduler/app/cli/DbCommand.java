package org.scheduler.app.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.scheduler.app.bootstrap.Node;
import org.scheduler.app.conf.yaml.ConfException;
import org.scheduler.app.conf.yaml.EnvSubstitution;
import org.scheduler.app.database.DatabaseConfig;
import org.scheduler.app.lifecycle.Service;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "db",
    mixinStandardHelpOptions = true,
    description = "Database commands.",
    subcommands = {DbCommand.Migrate.class, DbCommand.Embedded.class})
public final class DbCommand {
  @Command(
      name = "migrate",
      mixinStandardHelpOptions = true,
      description =
          "Applies the schema migrations (also done by serve at startup) and exits. Safe to run"
              + " while nodes are up, and from several places at once.")
  static final class Migrate implements Callable<Integer> {
    @Mixin ConfDirectoryOption conf;

    @Override
    public Integer call() {
      try (Node node = Node.assemble(conf.directory(), EnvSubstitution.system())) {
        node.start(Service.Phase.SCHEMA);
        System.out.println("Schema is up to date.");
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

  @Command(
      name = "embedded",
      mixinStandardHelpOptions = true,
      description = {
        "Runs only the embedded PostgreSQL of the conf (database.embedded), with the schema"
            + " applied, until stopped: one database for several nodes on this machine"
            + " (deploy/local-cluster.sh uses it)."
      })
  static final class Embedded implements Callable<Integer> {
    @Mixin ConfDirectoryOption conf;

    @Override
    public Integer call() throws InterruptedException {
      Node node;
      try {
        node = Node.assemble(conf.directory(), EnvSubstitution.system());
        if (!node.get(DatabaseConfig.class).isEmbedded()) {
          System.err.println(
              "error: database.url is set; db embedded runs the embedded server only");
          return 1;
        }
        node.start(Service.Phase.SCHEMA);
      } catch (ConfException e) {
        System.err.println(e.getMessage());
        return 1;
      } catch (Exception e) {
        System.err.println("error: " + e.getMessage());
        return 1;
      }
      DatabaseConfig database = node.get(DatabaseConfig.class);
      System.err.println("Embedded PostgreSQL is up: " + database.jdbcUrl());
      CountDownLatch stopped = new CountDownLatch(1);
      TerminationSignals.onTermination(
          () -> {
            node.close();
            stopped.countDown();
          });
      stopped.await();
      return 0;
    }
  }
}
