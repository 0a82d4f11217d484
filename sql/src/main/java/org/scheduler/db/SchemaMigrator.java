package org.scheduler.db;

import static java.util.Objects.requireNonNull;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the migrations in {@code sql/} with Flyway. Flyway takes a PostgreSQL advisory lock while
 * it migrates, so nodes starting together against an empty database apply each migration once.
 */
public final class SchemaMigrator {
  private static final Logger log = LoggerFactory.getLogger(SchemaMigrator.class);
  public static final String MIGRATIONS_LOCATION = "classpath:db/migration";

  private final Flyway flyway;

  public SchemaMigrator(DataSource dataSource) {
    requireNonNull(dataSource, "dataSource is null");
    this.flyway =
        Flyway.configure(SchemaMigrator.class.getClassLoader())
            .dataSource(dataSource)
            .locations(MIGRATIONS_LOCATION)
            .failOnMissingLocations(true)
            .load();
  }

  /** Applies pending migrations; returns how many were applied. */
  public int migrate() {
    MigrateResult result = flyway.migrate();
    log.info(
        "Schema at version {} ({} migration(s) applied now)",
        result.targetSchemaVersion != null
            ? result.targetSchemaVersion
            : result.initialSchemaVersion,
        result.migrationsExecuted);
    return result.migrationsExecuted;
  }

  /** How many migrations this build knows that the database has not applied yet. */
  public int pendingCount() {
    return flyway.info().pending().length;
  }
}
