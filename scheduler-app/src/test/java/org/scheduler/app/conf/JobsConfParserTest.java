package org.scheduler.app.conf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.scheduler.api.JobType;
import org.scheduler.api.ParamKind;
import org.scheduler.api.ParamSpec;
import org.scheduler.app.conf.yaml.ConfError;
import org.scheduler.app.conf.yaml.ConfException;
import org.scheduler.app.conf.yaml.EnvSubstitution;
import org.scheduler.app.testing.TestJobsModule;
import org.scheduler.jobs.cleanup.CleanupJobType;

class JobsConfParserTest {
  private static final Map<String, JobType> TYPES =
      Map.of(
          "cleanup",
          CleanupJobType.create(),
          "sleep",
          JobType.builder("sleep", TestJobsModule.SleepJob.class)
              .param(ParamSpec.required("millis", ParamKind.INTEGER, "how long").range(0, 1000))
              .param(ParamSpec.optional("tags", ParamKind.STRING_LIST, List.of(), "labels"))
              .param(ParamSpec.optional("loud", ParamKind.BOOLEAN, false, "log it"))
              .build());

  private final JobsConfParser parser =
      new JobsConfParser(TYPES, new EnvSubstitution(Map.of("RETENTION", "P7D")));

  @Test
  void readsEveryField() {
    JobsConf conf =
        parse(
            """
            jobs:
              - name: nightly
                type: cleanup
                cron: "30 2 * * *"
                timeZone: Europe/Berlin
                misfire: skip
                timeout: PT10M
                params:
                  retention: ${RETENTION}
                  batchSize: 500
              - name: tick
                type: sleep
                every: PT30S
                enabled: false
                params:
                  millis: 10
                  tags: [a, b]
                  loud: true
            """);

    assertThat(conf.jobs()).hasSize(2);
    JobDefinition nightly = conf.job("nightly").orElseThrow();
    assertThat(nightly.type()).isEqualTo("cleanup");
    assertThat(nightly.schedule()).isEqualTo(new Schedule.Cron("0 30 2 * * ?", "30 2 * * *"));
    assertThat(nightly.timeZone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThat(nightly.misfire()).isEqualTo(MisfirePolicy.SKIP);
    assertThat(nightly.enabled()).isTrue();
    assertThat(nightly.params().duration("retention")).isEqualTo(Duration.ofDays(7));
    assertThat(nightly.params().integer("batchSize")).isEqualTo(500);
    assertThat(nightly.timeout()).contains(Duration.ofMinutes(10));
    assertThat(nightly.line()).isEqualTo(2);

    JobDefinition tick = conf.job("tick").orElseThrow();
    assertThat(tick.schedule()).isEqualTo(new Schedule.Every(Duration.ofSeconds(30)));
    assertThat(tick.timeZone()).isEqualTo(ZoneId.of("UTC"));
    assertThat(tick.misfire()).isEqualTo(MisfirePolicy.FIRE_NOW);
    assertThat(tick.enabled()).isFalse();
    assertThat(tick.timeout()).as("none unless given").isEmpty();
    assertThat(tick.params().stringList("tags")).containsExactly("a", "b");
    assertThat(tick.params().bool("loud")).isTrue();
  }

  @Test
  void acceptsATopLevelListAndFillsDefaultParams() {
    JobsConf conf = parse("- name: c\n  type: cleanup\n  every: PT1H\n");
    assertThat(conf.job("c").orElseThrow().params().asMap())
        .containsEntry("retention", "P30D")
        .containsEntry("batchSize", 1000L);
  }

  @Test
  void anEmptyFileHasNoJobs() {
    assertThat(parse("").jobs()).isEmpty();
    assertThat(parse("jobs: []").jobs()).isEmpty();
  }

  @Test
  void aBadTimeoutIsReportedWithItsLine() {
    assertErrors(
        """
        jobs:
          - name: a
            type: cleanup
            every: PT1H
            timeout: 10m
        """,
        "jobs.yaml:5: job 'a': timeout '10m' must be an ISO-8601 duration");
  }

  @Test
  void aTimeoutChangesTheFingerprintOnlyWhenGiven() {
    String base = "- name: c\n  type: cleanup\n  every: PT1H\n";
    JobDefinition without = parse(base).job("c").orElseThrow();
    JobDefinition with = parse(base + "  timeout: PT5M\n").job("c").orElseThrow();
    assertThat(with.fingerprint()).isNotEqualTo(without.fingerprint());
    assertThat(parse(base).job("c").orElseThrow().fingerprint()).isEqualTo(without.fingerprint());
  }

  @Test
  void badCronIsReportedWithItsLine() {
    assertErrors(
        """
        jobs:
          - name: a
            type: cleanup
            cron: "99 * * * *"
        """,
        "jobs.yaml:4: job 'a': cron '99 * * * *' is invalid");
  }

  @Test
  void unknownTypeIsReportedWithASuggestion() {
    assertErrors(
        """
        jobs:
          - name: a
            type: claenup
            every: PT1M
        """,
        "jobs.yaml:3: job 'a': unknown type 'claenup' (did you mean 'cleanup'?)");
  }

  @Test
  void duplicateNameIsReportedWithBothLines() {
    assertErrors(
        """
        jobs:
          - name: a
            type: cleanup
            every: PT1M
          - name: a
            type: cleanup
            every: PT2M
        """,
        "jobs.yaml:5: job name 'a' is used twice (first on line 2)");
  }

  @Test
  void bothCronAndEveryIsAnError() {
    assertErrors(
        """
        jobs:
          - name: a
            type: cleanup
            cron: "0 * * * *"
            every: PT1M
        """,
        "jobs.yaml:5: job 'a': give exactly one of cron");
  }

  @Test
  void neitherCronNorEveryIsAnError() {
    assertErrors(
        """
        jobs:
          - name: a
            type: cleanup
        """,
        "jobs.yaml:2: job 'a': give exactly one of cron");
  }

  @Test
  void badTimeZoneIsReportedWithASuggestion() {
    assertErrors(
        """
        jobs:
          - name: a
            type: cleanup
            every: PT1M
            timeZone: Europe/Berln
        """,
        "jobs.yaml:5: job 'a': unknown time zone 'Europe/Berln'",
        "did you mean 'Europe/Berlin'?");
  }

  @Test
  void unknownKeyIsReportedWithASuggestion() {
    assertErrors(
        """
        jobs:
          - name: a
            type: cleanup
            every: PT1M
            timezone: UTC
        """,
        "jobs.yaml:5: unknown key 'timezone' (did you mean 'timeZone'?)");
  }

  @Test
  void badParamTypesAreReportedWithTheirLines() {
    assertErrors(
        """
        jobs:
          - name: a
            type: sleep
            every: PT1M
            params:
              millis: soon
              tags: notalist
              loud: yes please
              colour: blue
        """,
        "jobs.yaml:6: job 'a': params.millis: expected a whole number, got 'soon'",
        "jobs.yaml:7: job 'a': params.tags: expected a list of strings",
        "jobs.yaml:8: job 'a': params.loud: expected true or false, got 'yes please'",
        "jobs.yaml:9: unknown key 'params.colour'");
  }

  @Test
  void paramRangesAndRequiredParamsAndTypeChecksAreEnforced() {
    assertErrors(
        """
        jobs:
          - name: a
            type: sleep
            every: PT1M
            params:
              millis: 5000
          - name: b
            type: sleep
            every: PT1M
          - name: c
            type: cleanup
            every: PT1M
            params:
              retention: PT1S
        """,
        "jobs.yaml:6: job 'a': params.millis: expected a whole number from 0 to 1000, got 5000",
        "jobs.yaml:7: job 'b': params.millis: is required",
        "job 'c': retention must be at least PT1M");
  }

  @Test
  void aRequiredParamGivenEmptyIsAnErrorAndAnOptionalOneTakesItsDefault() {
    assertErrors(
        """
        jobs:
          - name: a
            type: sleep
            every: PT1M
            params:
              millis: ""
          - name: b
            type: sleep
            every: PT1M
            params:
              millis: "${UNSET_FOR_THE_TEST:-}"
        """,
        "jobs.yaml:6: job 'a': params.millis: is required",
        "jobs.yaml:11: job 'b': params.millis: is required");
    JobsConf conf =
        parse(
            """
            jobs:
              - name: c
                type: cleanup
                every: PT1H
                params:
                  retention: ""
            """);
    assertThat(conf.jobs().get(0).params().duration("retention")).isEqualTo(Duration.ofDays(30));
  }

  @Test
  void everyMustBeAnIsoDurationOfAtLeastASecond() {
    assertErrors(
        """
        jobs:
          - name: a
            type: cleanup
            every: 30s
          - name: b
            type: cleanup
            every: PT0.5S
        """,
        "jobs.yaml:4: job 'a': every '30s' is not an ISO-8601 duration",
        "jobs.yaml:7: job 'b': every must be at least PT1S");
  }

  @Test
  void unknownMisfirePolicyAndBadNamesAndBadYamlAreReported() {
    assertErrors(
        """
        jobs:
          - name: "bad name!"
            type: cleanup
            every: PT1M
            misfire: fire-later
        """,
        "jobs.yaml:2: job name 'bad name!'",
        "jobs.yaml:5: job 'bad name!': unknown misfire policy 'fire-later'");
    assertErrors("jobs:\n  - name: [unclosed\n", "jobs.yaml:3: not valid YAML");
  }

  @Test
  void everyErrorOfTheFileIsReportedAtOnce() {
    assertThatThrownBy(
            () ->
                parse(
                    """
                    jobs:
                      - name: a
                        type: nope
                        cron: "bad"
                      - name: a
                        type: cleanup
                        every: PT1M
                      - name: c
                        type: cleanup
                        every: PT1M
                        timeZone: Mars/Olympus
                    """))
        .isInstanceOfSatisfying(
            ConfException.class,
            e ->
                assertThat(e.errors())
                    .extracting(ConfError::line)
                    .containsExactlyInAnyOrder(3, 4, 5, 11));
  }

  private JobsConf parse(String yaml) {
    return parser.parse("jobs.yaml", yaml);
  }

  private void assertErrors(String yaml, String... expected) {
    assertThatThrownBy(() -> parse(yaml))
        .isInstanceOfSatisfying(
            ConfException.class,
            e -> {
              List<String> messages = e.errors().stream().map(ConfError::toString).toList();
              for (String each : expected) {
                assertThat(messages).anySatisfy(message -> assertThat(message).contains(each));
              }
            });
  }
}
