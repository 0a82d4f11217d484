package org.scheduler.app.cli;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import org.scheduler.app.bootstrap.Node;
import org.scheduler.app.conf.JobDefinition;
import org.scheduler.app.conf.JobsConf;
import org.scheduler.app.conf.yaml.ConfError;
import org.scheduler.app.conf.yaml.EnvSubstitution;
import org.scheduler.app.quartz.FireTimes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "conf",
    mixinStandardHelpOptions = true,
    description = "Configuration commands.",
    subcommands = {ConfCommand.Check.class})
public final class ConfCommand {
  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description = {
        "Validates scheduler.yaml and jobs.yaml without starting anything. Prints each job with"
            + " its next fire times in its time zone; on errors prints every one with its file"
            + " and line and exits 1."
      })
  static final class Check implements Callable<Integer> {
    private static final DateTimeFormatter TIME =
        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xxx '['VV']'");

    @Mixin ConfDirectoryOption conf;

    @Option(
        names = "--count",
        defaultValue = "5",
        description = "How many fire times to print per job (default: ${DEFAULT-VALUE}).")
    int count;

    @Override
    public Integer call() {
      Node.Check check = Node.check(conf.directory(), EnvSubstitution.system());
      List<ConfError> errors = check.errors();
      if (!errors.isEmpty()) {
        errors.forEach(System.err::println);
        System.err.println(errors.size() + " error(s); nothing was changed.");
        return 1;
      }
      print(check.jobs().orElseThrow(), System.out);
      return 0;
    }

    private void print(JobsConf jobs, PrintStream out) {
      Instant now = Instant.now();
      for (JobDefinition job : jobs.jobs()) {
        out.printf(
            "%s (%s): %s, time zone %s, misfire %s%s%n",
            job.name(),
            job.type(),
            job.schedule().describe(),
            job.timeZone().getId(),
            job.misfire().confName(),
            job.enabled() ? "" : ", DISABLED");
        if (job.enabled()) {
          for (ZonedDateTime time : FireTimes.next(job, now, count)) {
            out.println("  " + TIME.format(time));
          }
        }
      }
      out.println(jobs.jobs().size() + " job(s); configuration is valid.");
    }
  }
}
