package org.scheduler.jobs.queue;

import static java.util.Objects.requireNonNull;
import static org.scheduler.api.JobTypeBinder.jobTypeBinder;
import static org.scheduler.api.MessageHandlerBinder.messageHandlers;
import static org.scheduler.api.PrunerBinder.pruners;

import com.google.inject.AbstractModule;
import com.google.inject.Inject;
import com.google.inject.Provider;
import com.google.inject.Scopes;
import com.google.inject.multibindings.Multibinder;
import org.scheduler.api.Enqueuer;
import org.scheduler.api.Pruner;

/**
 * The message queue: its store, the enqueue API, the workers, the {@code enqueue} job type, and the
 * pruning of acked history and dead letters. The built-in handlers have a module of their own
 * ({@link org.scheduler.jobs.queue.handlers.MessageHandlersModule}).
 */
public final class QueueModule extends AbstractModule {
  private final QueuesConfig queues;

  public QueueModule(QueuesConfig queues) {
    this.queues = requireNonNull(queues, "queues is null");
  }

  @Override
  protected void configure() {
    bind(QueuesConfig.class).toInstance(queues);
    bind(QueueStore.class).in(Scopes.SINGLETON);
    bind(QueueLimits.class).in(Scopes.SINGLETON);
    bind(QueueLimitGauges.class).in(Scopes.SINGLETON);
    bind(QueueEnqueuer.class).in(Scopes.SINGLETON);
    bind(Enqueuer.class).to(QueueEnqueuer.class);
    bind(QueueAdmin.class).in(Scopes.SINGLETON);
    bind(PendingMessages.class).in(Scopes.SINGLETON);
    bind(QueueWorkers.class).in(Scopes.SINGLETON);
    // declared here so that a node without any handler module still has the (empty) map
    messageHandlers(binder());
    jobTypeBinder(binder()).bind(EnqueueJobType.create());
    Multibinder<Pruner> pruners = pruners(binder());
    for (QueueConfig queue : queues.queues().values()) {
      pruners.addBinding().toProvider(new PrunerProvider(queue, QueuePruner.Table.HISTORY));
      pruners.addBinding().toProvider(new PrunerProvider(queue, QueuePruner.Table.DEAD));
    }
  }

  private static final class PrunerProvider implements Provider<Pruner> {
    private final QueueConfig queue;
    private final QueuePruner.Table table;
    private QueueAdmin admin;

    PrunerProvider(QueueConfig queue, QueuePruner.Table table) {
      this.queue = queue;
      this.table = table;
    }

    @Inject
    void setAdmin(QueueAdmin admin) {
      this.admin = admin;
    }

    @Override
    public Pruner get() {
      return new QueuePruner(admin, queue, table);
    }
  }
}
