package org.scheduler.app.logging;

import com.google.inject.AbstractModule;
import org.scheduler.app.conf.yaml.ConfSections;

/** The {@code logging} section: the format the node switches to once its conf is read. */
public final class LoggingModule extends AbstractModule {
  private final LoggingConfig config;

  public LoggingModule(ConfSections conf) {
    this.config = conf.section("logging", LoggingConfig::from);
  }

  @Override
  protected void configure() {
    bind(LoggingConfig.class).toInstance(config);
  }
}
