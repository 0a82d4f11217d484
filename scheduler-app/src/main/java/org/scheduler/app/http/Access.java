package org.scheduler.app.http;

/** Who may call an endpoint once tokens are configured. */
public enum Access {
  /** Anyone: the health endpoints the load balancer probes. */
  PUBLIC,
  /** The read-only token or the admin token. */
  READ,
  /** The admin token only. */
  WRITE
}
