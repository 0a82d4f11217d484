package org.scheduler.app.cli;

import java.util.concurrent.Callable;
import org.scheduler.app.Node;
import org.scheduler.app.conf.ConfException;
import org.scheduler.app.conf.EnvSubstitution;
import org.scheduler.app.lifecycle.Service;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "db",
    mixinStandardHelpOptions = true,
    description = "Database commands.",
    subcommands = {DbCommand.Migrate.class})
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
}
