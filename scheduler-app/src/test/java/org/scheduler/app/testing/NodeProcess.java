package org.scheduler.app.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A node running in a JVM of its own, started the way an operator starts one. */
public final class NodeProcess implements AutoCloseable {
  private final String name;
  private final Process process;
  private final Path log;
  private final int httpPort;

  private NodeProcess(String name, Process process, Path log, int httpPort) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.httpPort = httpPort;
  }

  /** Starts {@code serve} on a test database with the test classpath (test job types included). */
  public static NodeProcess start(String name, Path workDirectory, String jdbcUrl, String jobsYaml)
      throws IOException {
    return start(name, workDirectory, jdbcUrl, jobsYaml, "");
  }

  /** As above, with {@code extraYaml} appended to scheduler.yaml. */
  public static NodeProcess start(
      String name, Path workDirectory, String jdbcUrl, String jobsYaml, String extraYaml)
      throws IOException {
    int port = freePort();
    Path conf =
        TestConf.write(workDirectory.resolve(name), jdbcUrl, port, name, jobsYaml, extraYaml);
    return start(name, conf, port, workDirectory, workDirectory.resolve(name + ".log"));
  }

  /** Starts {@code serve} on a conf directory written by the caller, listening on {@code port}. */
  public static NodeProcess start(String name, Path conf, int port, Path workingDirectory, Path log)
      throws IOException {
    return start(name, conf, port, workingDirectory, log, List.of());
  }

  /** As above, with extra JVM options (remote JMX, say). */
  public static NodeProcess start(
      String name, Path conf, int port, Path workingDirectory, Path log, List<String> jvmOptions)
      throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-Xmx256m"));
    command.addAll(jvmOptions);
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            "org.scheduler.app.Main",
            "serve",
            "--conf",
            conf.toString()));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(workingDirectory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().remove("SCHEDULER_DATABASE_URL");
    return new NodeProcess(name, builder.start(), log, port);
  }

  /** SIGTERM, then the exit code; -1 if it did not exit in time (it is then killed). */
  public int terminate(java.time.Duration timeout) throws InterruptedException {
    process.destroy();
    if (process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
      return process.exitValue();
    }
    process.destroyForcibly().waitFor();
    return -1;
  }

  public String name() {
    return name;
  }

  public int port() {
    return httpPort;
  }

  public Http http() {
    return new Http(httpPort);
  }

  public boolean isReady() {
    try {
      return http().get("/health/ready").status() == 200;
    } catch (UncheckedIOException e) {
      return false;
    }
  }

  /** The node's Quartz instance id, as its history rows name it. */
  public String instanceId() {
    return http().get("/api/cluster").body().path("instanceId").asText();
  }

  /** JVM options that open remote JMX on {@code port}, without authentication, on loopback. */
  public static List<String> remoteJmx(int port) {
    return List.of(
        "-Dcom.sun.management.jmxremote.port=" + port,
        "-Dcom.sun.management.jmxremote.rmi.port=" + port,
        "-Dcom.sun.management.jmxremote.host=127.0.0.1",
        "-Djava.rmi.server.hostname=127.0.0.1",
        "-Dcom.sun.management.jmxremote.authenticate=false",
        "-Dcom.sun.management.jmxremote.ssl=false");
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL: no shutdown hook runs, nothing is released. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  public String log() {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      return e.toString();
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
