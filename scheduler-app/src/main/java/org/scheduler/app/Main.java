package org.scheduler.app;

import org.scheduler.app.cli.ConfCommand;
import org.scheduler.app.cli.DbCommand;
import org.scheduler.app.cli.EnqueueCommand;
import org.scheduler.app.cli.QueueCommand;
import org.scheduler.app.cli.ServeCommand;
import org.scheduler.app.conf.yaml.EnvSubstitution;
import org.scheduler.app.logging.LogFormat;
import org.scheduler.app.logging.LogOutput;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command line; a node's modules are listed in {@code bootstrap.NodeModules}. */
@Command(
    name = "scheduler",
    mixinStandardHelpOptions = true,
    version = "scheduler 0.1.0",
    description = "Clustered job server: Quartz on PostgreSQL, configured in conf/.",
    subcommands = {
      ServeCommand.class,
      ConfCommand.class,
      DbCommand.class,
      EnqueueCommand.class,
      QueueCommand.class
    })
public final class Main {
  public static void main(String[] args) {
    // from the first line on; an invalid value is reported with the conf's errors
    EnvSubstitution.system()
        .get(LogFormat.VARIABLE)
        .flatMap(LogFormat::parse)
        .ifPresent(LogOutput::use);
    System.exit(commandLine().execute(args));
  }

  public static CommandLine commandLine() {
    return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
  }
}
