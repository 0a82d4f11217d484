package org.scheduler.jobs.monitor;

import static java.util.Objects.requireNonNull;

import jakarta.inject.Inject;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.scheduler.api.JobParams;
import org.scheduler.api.JobType;
import org.scheduler.api.ParamKind;
import org.scheduler.api.ParamSpec;
import org.scheduler.api.ParamsCheck;
import org.scheduler.jobs.queue.QueueNames;
import org.scheduler.jobs.queue.QueuesConfig;

/** The {@code repository-monitor} job type and the checks of its params. */
final class RepositoryMonitorJobType {
  public static final String NAME = "repository-monitor";
  public static final String API_URL = "apiUrl";
  public static final String TOKEN_ENV = "tokenEnv";
  public static final String REPOSITORIES = "repositories";
  public static final String QUEUE = "queue";
  public static final String EVENTS = "events";
  public static final String INITIAL_SYNC = "initialSync";
  public static final String MESSAGE_TYPE = "messageType";
  public static final String MODE = "mode";
  public static final String MAX_CONCURRENT_REPOSITORIES = "maxConcurrentRepositories";
  public static final String DEFAULT_API_URL = "https://api.github.com";

  private static final Pattern REPOSITORY =
      Pattern.compile("[A-Za-z0-9_.-]{1,100}/([A-Za-z0-9_.-]{1,100}|\\*)");
  private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

  private static final List<String> ALL_EVENTS =
      Arrays.stream(PullRequestEvent.values()).map(PullRequestEvent::eventName).toList();

  private RepositoryMonitorJobType() {}

  public static JobType create() {
    return JobType.builder(NAME, RepositoryMonitorJob.class)
        .param(
            ParamSpec.optional(
                API_URL, ParamKind.STRING, DEFAULT_API_URL, "the REST API's base URL"))
        .param(
            ParamSpec.optional(
                TOKEN_ENV, ParamKind.STRING, null, "environment variable holding the token"))
        .param(
            ParamSpec.required(
                REPOSITORIES,
                ParamKind.STRING_LIST,
                "owner/name of each repository, or owner/* for all of an owner's"))
        .param(ParamSpec.required(QUEUE, ParamKind.STRING, "the configured queue events go to"))
        .param(
            ParamSpec.optional(
                EVENTS, ParamKind.STRING_LIST, ALL_EVENTS, "which changes to report"))
        .param(ParamSpec.optional(INITIAL_SYNC, ParamKind.STRING, "silent", "silent or emit"))
        .param(
            ParamSpec.optional(
                MESSAGE_TYPE, ParamKind.STRING, null, "message type instead of the event name"))
        .param(
            ParamSpec.optional(
                MODE, ParamKind.STRING, "incremental", "incremental, full or dryRun"))
        .param(
            ParamSpec.optional(
                    MAX_CONCURRENT_REPOSITORIES,
                    ParamKind.INTEGER,
                    4L,
                    "repositories polled at once")
                .range(1, 64))
        .recoverable(true)
        .check(ParamsRules.class)
        .build();
  }

  /** The params' rules across fields, the queue among those this node configures. */
  static final class ParamsRules implements ParamsCheck {
    private final QueuesConfig queues;

    @Inject
    ParamsRules(QueuesConfig queues) {
      this.queues = requireNonNull(queues, "queues is null");
    }

    @Override
    public void check(JobParams params, Consumer<String> errors) {
      try {
        URI url = URI.create(params.string(API_URL));
        if (!("https".equals(url.getScheme()) || "http".equals(url.getScheme()))
            || url.getHost() == null) {
          errors.accept("params.apiUrl: expected an http or https URL");
        }
      } catch (IllegalArgumentException e) {
        errors.accept("params.apiUrl: not a URL");
      }
      if (params.has(TOKEN_ENV) && !VARIABLE.matcher(params.string(TOKEN_ENV)).matches()) {
        errors.accept("params.tokenEnv: the name of an environment variable, not the token itself");
      }
      List<String> repositories = params.stringList(REPOSITORIES);
      if (repositories.isEmpty()) {
        errors.accept("params.repositories: list at least one owner/name");
      }
      repositories.stream()
          .filter(repository -> !REPOSITORY.matcher(repository).matches())
          .forEach(
              repository ->
                  errors.accept(
                      "params.repositories: '" + repository + "' is not owner/name or owner/*"));
      queues.checkKnown(QUEUE, params.string(QUEUE), errors);
      params.stringList(EVENTS).stream()
          .filter(event -> PullRequestEvent.fromName(event).isEmpty())
          .forEach(
              event ->
                  errors.accept(
                      "params.events: unknown event '"
                          + event
                          + "' (known: "
                          + String.join(", ", ALL_EVENTS)
                          + ")"));
      String sync = params.string(INITIAL_SYNC);
      if (!sync.equals("silent") && !sync.equals("emit")) {
        errors.accept("params.initialSync: silent or emit, got '" + sync + "'");
      }
      if (MonitorMode.fromParam(params.string(MODE)).isEmpty()) {
        errors.accept(
            "params.mode: incremental, full or dryRun, got '" + params.string(MODE) + "'");
      }
      if (params.has(MESSAGE_TYPE) && !QueueNames.isValidType(params.string(MESSAGE_TYPE))) {
        errors.accept("params.messageType: " + QueueNames.typeRule());
      }
    }
  }
}
