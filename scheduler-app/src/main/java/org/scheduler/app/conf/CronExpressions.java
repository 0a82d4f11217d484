package org.scheduler.app.conf;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.quartz.CronExpression;

/**
 * Turns what operators write in {@code cron} into a Quartz expression: Quartz's own 6 or 7 fields
 * as they are, plain 5-field Unix cron ({@code m h dom mon dow}) with a seconds field added and its
 * day-of-week numbers (0 or 7 = Sunday) shifted to Quartz's (1 = Sunday), and the macros
 * {@code @hourly}, {@code @daily}, {@code @weekly}, {@code @monthly} and {@code @yearly}.
 */
public final class CronExpressions {
  private static final Map<String, String> MACROS =
      Map.of(
          "@yearly", "0 0 0 1 1 ?",
          "@annually", "0 0 0 1 1 ?",
          "@monthly", "0 0 0 1 * ?",
          "@weekly", "0 0 0 ? * SUN",
          "@daily", "0 0 0 * * ?",
          "@midnight", "0 0 0 * * ?",
          "@hourly", "0 0 * * * ?");
  private static final Pattern NUMBER = Pattern.compile("\\d+");

  private CronExpressions() {}

  /** The Quartz form of {@code cron}; throws with an explanation when it is not valid. */
  public static String toQuartz(String cron) throws InvalidCronException {
    String trimmed = cron.trim();
    String macro = MACROS.get(trimmed.toLowerCase(Locale.ROOT));
    if (macro != null) {
      return macro;
    }
    if (trimmed.startsWith("@")) {
      throw new InvalidCronException(
          "unknown macro '" + trimmed + "' (known: " + String.join(", ", MACROS.keySet()) + ")");
    }
    String[] fields = trimmed.split("\\s+");
    String quartz =
        switch (fields.length) {
          case 5 -> fromUnix(fields);
          case 6, 7 -> String.join(" ", fields);
          default ->
              throw new InvalidCronException(
                  "expected 5 fields (Unix: minute hour day-of-month month day-of-week) or 6 to 7"
                      + " (Quartz: second minute hour day-of-month month day-of-week [year]), got "
                      + fields.length);
        };
    checkRanges(quartz.split(" "));
    try {
      CronExpression expression = new CronExpression(quartz);
      expression.setTimeZone(TimeZone.getTimeZone("UTC"));
      if (expression.getNextValidTimeAfter(new Date()) == null) {
        throw new InvalidCronException("'" + quartz + "' never fires after now");
      }
    } catch (ParseException e) {
      throw new InvalidCronException(
          (fields.length == 5 ? "'" + quartz + "' (converted from 5-field cron): " : "")
              + e.getMessage()
              + hint(fields));
    }
    return quartz;
  }

  private static final String[] FIELD_NAMES = {
    "second", "minute", "hour", "day-of-month", "month", "day-of-week", "year"
  };
  private static final int[][] FIELD_RANGES = {
    {0, 59}, {0, 59}, {0, 23}, {1, 31}, {1, 12}, {1, 7}, {1970, 2099}
  };

  /**
   * Quartz's parser lets some out-of-range values through (it reads minute 99 as 9), so every value
   * is checked against its field's range first.
   */
  private static void checkRanges(String[] fields) throws InvalidCronException {
    for (int i = 0; i < fields.length; i++) {
      for (String item : fields[i].split(",")) {
        String values = item.split("/", 2)[0].replaceAll("#\\d+$", "").replaceAll("L-\\d+", "L");
        Matcher matcher = NUMBER.matcher(values);
        while (matcher.find()) {
          int value = Integer.parseInt(matcher.group());
          if (value < FIELD_RANGES[i][0] || value > FIELD_RANGES[i][1]) {
            throw new InvalidCronException(
                FIELD_NAMES[i]
                    + " value "
                    + value
                    + " is out of range ("
                    + FIELD_RANGES[i][0]
                    + "-"
                    + FIELD_RANGES[i][1]
                    + ") in '"
                    + String.join(" ", fields)
                    + "'");
          }
        }
      }
    }
  }

  private static String hint(String[] fields) {
    if (fields.length >= 6 && !fields[3].equals("?") && !fields[5].equals("?")) {
      return "; Quartz needs '?' in day-of-month or day-of-week";
    }
    return "";
  }

  private static String fromUnix(String[] fields) throws InvalidCronException {
    String dayOfMonth = fields[2];
    String dayOfWeek = fields[4];
    boolean anyDayOfMonth = dayOfMonth.equals("*") || dayOfMonth.equals("?");
    boolean anyDayOfWeek = dayOfWeek.equals("*") || dayOfWeek.equals("?");
    if (anyDayOfWeek) {
      dayOfMonth = anyDayOfMonth ? "*" : dayOfMonth;
      dayOfWeek = "?";
    } else if (anyDayOfMonth) {
      dayOfMonth = "?";
      dayOfWeek = unixDaysToQuartz(dayOfWeek);
    } else {
      throw new InvalidCronException(
          "sets both day-of-month and day-of-week; Unix cron runs when either matches, which"
              + " Quartz cannot express: split it into two jobs, or write 6 Quartz fields with '?'"
              + " in one of the two");
    }
    return String.join(" ", "0", fields[0], fields[1], dayOfMonth, fields[3], dayOfWeek);
  }

  /** Unix numbers days 0-7 from Sunday (0 and 7 both Sunday), Quartz 1-7 from Sunday. */
  private static String unixDaysToQuartz(String field) throws InvalidCronException {
    List<String> items = new ArrayList<>();
    for (String item : field.split(",", -1)) {
      String[] stepParts = item.split("/", 2);
      Matcher matcher = NUMBER.matcher(stepParts[0]);
      StringBuilder converted = new StringBuilder();
      while (matcher.find()) {
        int day = Integer.parseInt(matcher.group());
        if (day > 7) {
          throw new InvalidCronException(
              "day-of-week " + day + " is out of range (Unix cron: 0-7, 0 and 7 are Sunday)");
        }
        matcher.appendReplacement(converted, Integer.toString(day % 7 + 1));
      }
      matcher.appendTail(converted);
      items.add(stepParts.length == 2 ? converted + "/" + stepParts[1] : converted.toString());
    }
    return String.join(",", items);
  }

  /** A {@code cron} value that neither Quartz nor Unix cron syntax accepts. */
  public static final class InvalidCronException extends Exception {
    public InvalidCronException(String message) {
      super(message);
    }
  }
}
