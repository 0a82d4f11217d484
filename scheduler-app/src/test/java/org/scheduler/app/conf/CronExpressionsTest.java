package org.scheduler.app.conf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CronExpressionsTest {
  @Test
  void fiveFieldUnixCronGetsASecondsFieldAndAQuestionMark() throws Exception {
    assertThat(CronExpressions.toQuartz("30 2 * * *")).isEqualTo("0 30 2 * * ?");
    assertThat(CronExpressions.toQuartz("*/5 * * * *")).isEqualTo("0 */5 * * * ?");
    assertThat(CronExpressions.toQuartz("0 0 1 * *")).isEqualTo("0 0 0 1 * ?");
  }

  @Test
  void unixDayOfWeekNumbersAreShiftedToQuartzNumbers() throws Exception {
    // Unix: 0 and 7 are Sunday, 1 Monday; Quartz: 1 is Sunday, 2 Monday
    assertThat(CronExpressions.toQuartz("0 9 * * 1-5")).isEqualTo("0 0 9 ? * 2-6");
    assertThat(CronExpressions.toQuartz("0 9 * * 0")).isEqualTo("0 0 9 ? * 1");
    assertThat(CronExpressions.toQuartz("0 9 * * 7")).isEqualTo("0 0 9 ? * 1");
    assertThat(CronExpressions.toQuartz("0 9 * * 1,3,5")).isEqualTo("0 0 9 ? * 2,4,6");
    assertThat(CronExpressions.toQuartz("0 9 * * MON-FRI")).isEqualTo("0 0 9 ? * MON-FRI");
    assertThat(CronExpressions.toQuartz("0 9 * * 1/2")).isEqualTo("0 0 9 ? * 2/2");
  }

  @Test
  void quartzExpressionsPassUnchanged() throws Exception {
    assertThat(CronExpressions.toQuartz("0 15 10 ? * MON-FRI")).isEqualTo("0 15 10 ? * MON-FRI");
    assertThat(CronExpressions.toQuartz("0 0 12 1 1 ? 2099")).isEqualTo("0 0 12 1 1 ? 2099");
  }

  @Test
  void macrosExpand() throws Exception {
    assertThat(CronExpressions.toQuartz("@daily")).isEqualTo("0 0 0 * * ?");
    assertThat(CronExpressions.toQuartz("@hourly")).isEqualTo("0 0 * * * ?");
    assertThat(CronExpressions.toQuartz("@weekly")).isEqualTo("0 0 0 ? * SUN");
  }

  @Test
  void unixCronWithBothDayFieldsIsRejectedWithAnExplanation() {
    assertThatThrownBy(() -> CronExpressions.toQuartz("0 0 1 * 1"))
        .isInstanceOf(CronExpressions.InvalidCronException.class)
        .hasMessageContaining("both day-of-month and day-of-week");
  }

  @Test
  void badExpressionsAreRejected() {
    assertThatThrownBy(() -> CronExpressions.toQuartz("61 * * * *"))
        .hasMessageContaining("minute value 61 is out of range (0-59)");
    assertThatThrownBy(() -> CronExpressions.toQuartz("99 * * * *"))
        .hasMessageContaining("minute value 99 is out of range");
    assertThatThrownBy(() -> CronExpressions.toQuartz("0 0 25 * * ?"))
        .hasMessageContaining("hour value 25");
    assertThatThrownBy(() -> CronExpressions.toQuartz("0 0 0 ? * 2#3/x"))
        .isInstanceOf(CronExpressions.InvalidCronException.class);
    assertThatThrownBy(() -> CronExpressions.toQuartz("* * *")).hasMessageContaining("got 3");
    assertThatThrownBy(() -> CronExpressions.toQuartz("0 0 0 * * *")).hasMessageContaining("'?'");
    assertThatThrownBy(() -> CronExpressions.toQuartz("@reboot"))
        .hasMessageContaining("unknown macro");
    assertThatThrownBy(() -> CronExpressions.toQuartz("0 0 12 1 1 ? 2000"))
        .hasMessageContaining("never fires");
    assertThatThrownBy(() -> CronExpressions.toQuartz("0 9 * * 8"))
        .hasMessageContaining("out of range");
  }
}
