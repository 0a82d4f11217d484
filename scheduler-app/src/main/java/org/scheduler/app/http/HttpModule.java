package org.scheduler.app.http;

import static org.scheduler.app.lifecycle.LifecycleModule.services;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.google.inject.AbstractModule;
import com.google.inject.Binder;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import org.scheduler.app.conf.yaml.ConfSections;

/** The HTTP server, its JSON, and the health endpoints; other modules add their endpoints. */
public final class HttpModule extends AbstractModule {
  private final HttpConfig config;

  public HttpModule(ConfSections conf) {
    this.config = conf.section("http", HttpConfig::from);
  }

  public HttpConfig config() {
    return config;
  }

  @Override
  protected void configure() {
    bind(HttpConfig.class).toInstance(config);
    endpoints(binder()).addBinding().to(HealthEndpoints.Live.class);
    endpoints(binder()).addBinding().to(HealthEndpoints.Ready.class);
    endpoints(binder()).addBinding().to(OpenApiEndpoint.class);
    bind(HttpServerService.class).in(Scopes.SINGLETON);
    services(binder()).addBinding().to(HttpServerService.class);
  }

  public static Multibinder<Endpoint> endpoints(Binder binder) {
    return Multibinder.newSetBinder(binder, Endpoint.class);
  }

  @Provides
  @Singleton
  ObjectMapper json() {
    return new ObjectMapper()
        .registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
  }
}
