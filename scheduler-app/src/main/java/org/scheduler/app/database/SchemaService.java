package org.scheduler.app.database;

import static java.util.Objects.requireNonNull;

import jakarta.inject.Inject;
import java.util.Optional;
import javax.sql.DataSource;
import org.scheduler.app.health.ReadinessCheck;
import org.scheduler.app.lifecycle.Service;
import org.scheduler.db.SchemaMigrator;

/** Brings the schema up to date before anything reads it; not ready until that succeeded. */
public final class SchemaService implements Service, ReadinessCheck {
  private final DataSource dataSource;
  private volatile boolean migrated;

  @Inject
  public SchemaService(DataSource dataSource) {
    this.dataSource = requireNonNull(dataSource, "dataSource is null");
  }

  @Override
  public Phase phase() {
    return Phase.SCHEMA;
  }

  @Override
  public void start() {
    new SchemaMigrator(dataSource).migrate();
    migrated = true;
  }

  @Override
  public void stop() {}

  @Override
  public String name() {
    return "migrations";
  }

  @Override
  public Optional<String> problem() {
    return migrated ? Optional.empty() : Optional.of("migrations not applied yet");
  }
}
