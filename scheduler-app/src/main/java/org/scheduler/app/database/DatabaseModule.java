package org.scheduler.app.database;

import static org.scheduler.app.health.HealthModule.checks;
import static org.scheduler.app.lifecycle.LifecycleModule.services;

import com.codahale.metrics.MetricRegistry;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.Singleton;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.scheduler.app.conf.yaml.ConfSections;

/** The database: the embedded server when configured, the one pool, and the schema. */
public final class DatabaseModule extends AbstractModule {
  private final DatabaseConfig config;

  public DatabaseModule(ConfSections conf) {
    this.config = conf.section("database", DatabaseConfig::from);
  }

  public DatabaseConfig config() {
    return config;
  }

  @Override
  protected void configure() {
    bind(DatabaseConfig.class).toInstance(config);
    bind(DataSource.class).to(HikariDataSource.class);
    bind(EmbeddedDatabaseService.class).in(Scopes.SINGLETON);
    bind(ConnectionPoolService.class).in(Scopes.SINGLETON);
    bind(SchemaService.class).in(Scopes.SINGLETON);
    services(binder()).addBinding().to(EmbeddedDatabaseService.class);
    services(binder()).addBinding().to(ConnectionPoolService.class);
    services(binder()).addBinding().to(SchemaService.class);
    checks(binder()).addBinding().to(DatabaseReadinessCheck.class);
    checks(binder()).addBinding().to(SchemaService.class);
  }

  /**
   * The pool is built without connecting: it opens connections on first use, after the embedded
   * server (if any) has started, and keeps trying when the database is briefly away.
   */
  @Provides
  @Singleton
  HikariDataSource dataSource(DatabaseConfig config, MetricRegistry metrics) {
    HikariDataSource dataSource = new HikariDataSource();
    dataSource.setPoolName("scheduler");
    dataSource.setJdbcUrl(config.jdbcUrl());
    dataSource.setUsername(config.user());
    config.password().ifPresent(dataSource::setPassword);
    dataSource.setMaximumPoolSize(config.poolSize());
    dataSource.setMinimumIdle(Math.min(2, config.poolSize()));
    dataSource.setConnectionTimeout(config.connectionTimeout().toMillis());
    dataSource.setInitializationFailTimeout(-1);
    dataSource.setExceptionOverrideClassName(ReadOnlyServerEviction.class.getName());
    dataSource.addDataSourceProperty("ApplicationName", "scheduler");
    dataSource.setMetricRegistry(metrics);
    return dataSource;
  }
}
