package org.scheduler.api;

import com.google.inject.Binder;
import com.google.inject.multibindings.MapBinder;

/** Registers message handlers by message type, from the node's modules or an extension jar's. */
public final class MessageHandlerBinder {
  private MessageHandlerBinder() {}

  public static MapBinder<String, MessageHandler> messageHandlers(Binder binder) {
    return MapBinder.newMapBinder(binder, String.class, MessageHandler.class);
  }
}
