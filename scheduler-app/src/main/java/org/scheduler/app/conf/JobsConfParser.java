package org.scheduler.app.conf;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.scheduler.api.JobParams;
import org.scheduler.api.JobType;
import org.scheduler.app.conf.yaml.ConfErrors;
import org.scheduler.app.conf.yaml.ConfException;
import org.scheduler.app.conf.yaml.ConfMapping;
import org.scheduler.app.conf.yaml.DidYouMean;
import org.scheduler.app.conf.yaml.EnvSubstitution;
import org.scheduler.app.conf.yaml.YamlFile;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads {@code jobs.yaml}: a list of jobs (at the top level or under {@code jobs:}). Finds every
 * error in one pass, each with its line.
 */
public final class JobsConfParser {
  private static final Pattern JOB_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,119}");
  private static final Duration MIN_TIMEOUT = Duration.ofMillis(10);
  private static final Duration MAX_TIMEOUT = Duration.ofDays(7);
  private static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
  private static final ZoneId UTC = ZoneId.of("UTC");

  private final Map<String, JobType> types;
  private final EnvSubstitution env;

  public JobsConfParser(Map<String, JobType> types, EnvSubstitution env) {
    this.types = Map.copyOf(requireNonNull(types, "types is null"));
    this.env = requireNonNull(env, "env is null");
  }

  /** Reads the file; throws {@link ConfException} with every error. */
  public JobsConf parse(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      ConfErrors errors = new ConfErrors(file.toString());
      errors.add(0, "cannot read the file: " + e);
      throw new ConfException(errors.list());
    }
    return parse(file.toString(), text);
  }

  public JobsConf parse(String fileName, String text) {
    ConfErrors errors = new ConfErrors(fileName);
    List<JobDefinition> jobs = new ArrayList<>();
    Optional<Node> root = YamlFile.parse(text, errors);
    root.flatMap(node -> jobList(node, errors))
        .ifPresent(
            list -> {
              Map<String, Integer> firstLines = new HashMap<>();
              for (Node entry : list.getValue()) {
                job(entry, firstLines, errors).ifPresent(jobs::add);
              }
            });
    errors.throwIfAny();
    return new JobsConf(jobs, Sha256.hex(text));
  }

  private Optional<SequenceNode> jobList(Node root, ConfErrors errors) {
    Node list = root;
    if (root instanceof MappingNode) {
      ConfMapping top = ConfMapping.of(root, "", errors, env);
      Optional<Node> jobs = top.node("jobs");
      top.finish();
      if (jobs.isEmpty()) {
        return Optional.empty();
      }
      list = jobs.get();
    }
    if (list instanceof SequenceNode sequence) {
      return Optional.of(sequence);
    }
    errors.add(YamlFile.line(list), "expected a list of jobs, each starting with '- name: ...'");
    return Optional.empty();
  }

  private Optional<JobDefinition> job(
      Node node, Map<String, Integer> firstLines, ConfErrors errors) {
    int line = YamlFile.line(node);
    if (!(node instanceof MappingNode)) {
      errors.add(line, "each job must be a mapping with name, type and cron or every");
      return Optional.empty();
    }
    int errorsBefore = errors.count();
    ConfMapping conf = ConfMapping.of(node, "", errors, env);

    String name = conf.string("name").orElse(null);
    if (name == null) {
      errors.add(line, "job has no name");
      name = "#" + line;
    } else if (!JOB_NAME.matcher(name).matches()) {
      errors.add(
          conf.line("name"),
          "job name '" + name + "': use letters, digits, '.', '_' and '-' (at most 120)");
    } else {
      Integer first = firstLines.putIfAbsent(name, line);
      if (first != null) {
        errors.add(
            conf.line("name"),
            "job name '"
                + name
                + "' is used twice (first on line "
                + first
                + "); names must be unique");
      }
    }
    String job = name;

    String typeName = conf.string("type").orElse(null);
    JobType type = null;
    if (typeName == null) {
      errors.add(line, "job '" + job + "': type is required" + DidYouMean.hint("", types.keySet()));
    } else {
      type = types.get(typeName);
      if (type == null) {
        errors.add(
            conf.line("type"),
            "job '"
                + job
                + "': unknown type '"
                + typeName
                + "'"
                + DidYouMean.hint(typeName, types.keySet()));
      }
    }

    Optional<Schedule> schedule = schedule(conf, job);
    ZoneId timeZone = timeZone(conf, job);
    MisfirePolicy misfire = misfire(conf, job);
    boolean enabled = conf.bool("enabled", true);
    Optional<Duration> timeout = timeout(conf, job);
    ConfMapping paramsConf = conf.mapping("params");
    JobParams params = JobParams.empty();
    if (type != null) {
      params = ParamsReader.read(paramsConf, type, job);
    }
    conf.finish();

    if (errors.count() > errorsBefore || schedule.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new JobDefinition(
            name, typeName, schedule.get(), timeZone, misfire, enabled, params, timeout, line));
  }

  private Optional<Schedule> schedule(ConfMapping conf, String job) {
    Optional<String> cron = conf.string("cron");
    Optional<String> every = conf.string("every");
    if (cron.isPresent() == every.isPresent()) {
      conf.errors()
          .add(
              cron.isPresent() ? conf.line("every") : conf.line(),
              "job '"
                  + job
                  + "': give exactly one of cron (e.g. '0 2 * * *') and every (e.g. PT30S)"
                  + (cron.isPresent() ? ", not both" : ""));
      return Optional.empty();
    }
    if (cron.isPresent()) {
      try {
        return Optional.of(
            new Schedule.Cron(CronExpressions.toQuartz(cron.get()), cron.get().trim()));
      } catch (CronExpressions.InvalidCronException e) {
        conf.errors()
            .add(
                conf.line("cron"),
                "job '" + job + "': cron '" + cron.get() + "' is invalid: " + e.getMessage());
        return Optional.empty();
      }
    }
    try {
      Duration interval = Duration.parse(every.get());
      if (interval.compareTo(MIN_INTERVAL) >= 0) {
        return Optional.of(new Schedule.Every(interval));
      }
      conf.errors()
          .add(conf.line("every"), "job '" + job + "': every must be at least " + MIN_INTERVAL);
    } catch (DateTimeParseException e) {
      conf.errors()
          .add(
              conf.line("every"),
              "job '"
                  + job
                  + "': every '"
                  + every.get()
                  + "' is not an ISO-8601 duration (e.g. PT30S, PT5M, PT1H, P1D)");
    }
    return Optional.empty();
  }

  private static ZoneId timeZone(ConfMapping conf, String job) {
    Optional<String> value = conf.string("timeZone");
    if (value.isEmpty()) {
      return UTC;
    }
    try {
      if (ZoneId.getAvailableZoneIds().contains(value.get()) || value.get().equals("UTC")) {
        return ZoneId.of(value.get());
      }
    } catch (DateTimeException e) {
      // reported below
    }
    conf.errors()
        .add(
            conf.line("timeZone"),
            "job '"
                + job
                + "': unknown time zone '"
                + value.get()
                + "': use an IANA name such as Europe/Berlin"
                + DidYouMean.closest(value.get(), ZoneId.getAvailableZoneIds())
                    .map(zone -> " (did you mean '" + zone + "'?)")
                    .orElse(""));
    return UTC;
  }

  private static Optional<Duration> timeout(ConfMapping conf, String job) {
    Optional<String> value = conf.string("timeout");
    if (value.isEmpty()) {
      return Optional.empty();
    }
    try {
      Duration timeout = Duration.parse(value.get());
      if (timeout.compareTo(MIN_TIMEOUT) >= 0 && timeout.compareTo(MAX_TIMEOUT) <= 0) {
        return Optional.of(timeout);
      }
    } catch (DateTimeParseException e) {
      // reported below
    }
    conf.errors()
        .add(
            conf.line("timeout"),
            "job '"
                + job
                + "': timeout '"
                + value.get()
                + "' must be an ISO-8601 duration from "
                + MIN_TIMEOUT
                + " to "
                + MAX_TIMEOUT
                + ", e.g. PT10M");
    return Optional.empty();
  }

  private static MisfirePolicy misfire(ConfMapping conf, String job) {
    Optional<String> value = conf.string("misfire");
    if (value.isEmpty()) {
      return MisfirePolicy.FIRE_NOW;
    }
    return MisfirePolicy.fromConf(value.get())
        .orElseGet(
            () -> {
              List<String> names =
                  Arrays.stream(MisfirePolicy.values()).map(MisfirePolicy::confName).toList();
              conf.errors()
                  .add(
                      conf.line("misfire"),
                      "job '"
                          + job
                          + "': unknown misfire policy '"
                          + value.get()
                          + "'"
                          + DidYouMean.hint(value.get(), names));
              return MisfirePolicy.FIRE_NOW;
            });
  }
}
