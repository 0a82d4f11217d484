package org.scheduler.app.quartz;

/**
 * The statements of {@link BatchFiringDelegate}: {@code {0}} is Quartz's table prefix and {@code
 * {1}} the cluster's name as an SQL literal. Array parameters carry one element per trigger or job
 * of the batch.
 */
final class BatchFiringSql {
  private BatchFiringSql() {}

  // 1 next_fire_time upper bound, 2 misfire time, 3 limit. Trigger rows with their kind's row
  // and whether their job may run concurrently: everything acquisition needs, in one statement.
  // Each joined row is looked up by its primary key per trigger (LATERAL ... OFFSET 0 keeps the
  // planner from joining whole tables), so the plan holds even on statistics taken when the
  // tables were still empty, right after a large reconcile.
  static final String SELECT_CANDIDATES =
      "SELECT t.trigger_name, t.trigger_group, t.job_name, t.job_group, t.description,"
          + " t.next_fire_time, t.prev_fire_time, t.priority, t.trigger_type, t.start_time,"
          + " t.end_time, t.calendar_name, t.misfire_instr, t.job_data,"
          + " c.cron_expression, c.time_zone_id,"
          + " s.repeat_count, s.repeat_interval, s.times_triggered, j.is_nonconcurrent"
          + " FROM (SELECT * FROM {0}triggers"
          + "   WHERE sched_name = {1} AND trigger_state = 'WAITING' AND next_fire_time <= ?"
          + "   AND (misfire_instr = -1 OR next_fire_time >= ?)"
          + "   ORDER BY next_fire_time ASC, priority DESC LIMIT ?) t"
          + " CROSS JOIN LATERAL (SELECT is_nonconcurrent FROM {0}job_details"
          + "   WHERE sched_name = t.sched_name AND job_name = t.job_name"
          + "   AND job_group = t.job_group OFFSET 0) j"
          + " LEFT JOIN LATERAL (SELECT cron_expression, time_zone_id FROM {0}cron_triggers"
          + "   WHERE sched_name = t.sched_name AND trigger_name = t.trigger_name"
          + "   AND trigger_group = t.trigger_group OFFSET 0) c ON true"
          + " LEFT JOIN LATERAL (SELECT repeat_count, repeat_interval, times_triggered"
          + "   FROM {0}simple_triggers WHERE sched_name = t.sched_name"
          + "   AND trigger_name = t.trigger_name AND trigger_group = t.trigger_group OFFSET 0) s"
          + "   ON true"
          + " ORDER BY t.next_fire_time ASC, t.priority DESC";

  // 1 trigger name, 2 trigger group; one per trigger, sent as one batch
  static final String MARK_ACQUIRED =
      "UPDATE {0}triggers SET trigger_state = 'ACQUIRED'"
          + " WHERE sched_name = {1} AND trigger_name = ? AND trigger_group = ?"
          + " AND trigger_state = 'WAITING'";

  // 1 instance, 2 fired time; arrays: 3 entry ids, 4 names, 5 groups, 6 slot times, 7 priorities
  static final String INSERT_ACQUIRED =
      "INSERT INTO {0}fired_triggers (sched_name, entry_id, trigger_name, trigger_group,"
          + " instance_name, fired_time, sched_time, state, job_name, job_group,"
          + " is_nonconcurrent, requests_recovery, priority)"
          + " SELECT {1}, v.entry, v.name, v.grp, ?, ?, v.slot, 'ACQUIRED', NULL, NULL,"
          + " false, false, v.priority"
          + " FROM unnest(?::text[], ?::text[], ?::text[], ?::bigint[], ?::int[])"
          + "   AS v(entry, name, grp, slot, priority)";

  // 1 trigger names, 2 trigger groups
  static final String SELECT_STATES =
      "SELECT k.name, k.grp, t.trigger_state FROM unnest(?::text[], ?::text[]) AS k(name, grp)"
          + " CROSS JOIN LATERAL (SELECT trigger_state FROM {0}triggers"
          + "   WHERE sched_name = {1} AND trigger_name = k.name AND trigger_group = k.grp"
          + "   OFFSET 0) t";

  // 1 job names, 2 job groups
  static final String SELECT_JOBS =
      "SELECT j.* FROM unnest(?::text[], ?::text[]) AS k(name, grp)"
          + " CROSS JOIN LATERAL (SELECT job_name, job_group, description, job_class_name,"
          + "   is_durable, requests_recovery, job_data FROM {0}job_details"
          + "   WHERE sched_name = {1} AND job_name = k.name AND job_group = k.grp OFFSET 0) j";

  // 1 instance, 2 fired time, 3 slot time, 4 job name, 5 job group, 6 requests recovery,
  // 7 entry id; one per trigger, sent as one batch
  static final String MARK_EXECUTING =
      "UPDATE {0}fired_triggers SET instance_name = ?, fired_time = ?, sched_time = ?,"
          + " state = 'EXECUTING', job_name = ?, job_group = ?, is_nonconcurrent = false,"
          + " requests_recovery = ?"
          + " WHERE sched_name = {1} AND entry_id = ?";

  // 1 next fire time (-1: none), 2 previous fire time, 3 state, 4 name, 5 group; one per trigger
  static final String UPDATE_FIRE_TIMES =
      "UPDATE {0}triggers SET next_fire_time = ?, prev_fire_time = ?, trigger_state = ?"
          + " WHERE sched_name = {1} AND trigger_name = ? AND trigger_group = ?";

  // 1 times triggered, 2 name, 3 group; one per interval trigger
  static final String UPDATE_TIMES_TRIGGERED =
      "UPDATE {0}simple_triggers SET times_triggered = ?"
          + " WHERE sched_name = {1} AND trigger_name = ? AND trigger_group = ?";
}
