package org.scheduler.app.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.scheduler.app.bootstrap.Node;
import org.scheduler.app.conf.yaml.EnvSubstitution;
import org.scheduler.app.testing.RawHttp;
import org.scheduler.app.testing.TestConf;
import org.scheduler.db.testing.PostgresExtension;

/**
 * Requests a hostile or careless client sends to an open node (no admin token), over a raw socket:
 * each gets its 4xx in the common error shape, and none stores or changes anything.
 */
class HostileRequestsTest {
  @RegisterExtension static final PostgresExtension postgres = new PostgresExtension();
  @TempDir static Path confDirectory;

  private static final String ENQUEUE = "POST /api/queues/work/messages HTTP/1.1";
  private static final String PAUSE = "POST /api/jobs/beat/pause HTTP/1.1";
  private static final String JSON = "Content-Type: application/json";

  private static Node node;
  private static int port;

  @BeforeAll
  static void startNode() throws Exception {
    TestConf.write(
        confDirectory,
        postgres.jdbcUrl(),
        0,
        "node",
        """
        jobs:
          - name: beat
            type: noop
            every: PT1H
        """,
        """
        queues:
          work:
            concurrency: 0
        """);
    node = Node.assemble(confDirectory, new EnvSubstitution(Map.of())).start();
    port = node.get(HttpServerService.class).port();
  }

  @AfterAll
  static void stopNode() {
    if (node != null) {
      node.close();
    }
  }

  /** One hostile request: what is sent, and the status and error code it must get. */
  record Case(String what, String head, byte[] body, int status, String code) {
    Case(String what, String head, String body, int status, String code) {
      this(what, head, body.getBytes(UTF_8), status, code);
    }

    @Override
    public String toString() {
      return what;
    }
  }

  static Stream<Case> hostileRequests() {
    return Stream.of(
        json("trailing text after the object", "{\"type\":\"log\",\"payload\":{}} trailing"),
        json(
            "two objects back to back",
            "{\"type\":\"log\",\"payload\":{}}{\"type\":\"log\",\"payload\":{}}"),
        json("a duplicate key", "{\"type\":\"log\",\"type\":\"other\",\"payload\":{}}"),
        json("a duplicate key in the payload", "{\"type\":\"log\",\"payload\":{\"a\":1,\"a\":2}}"),
        json(
            "NUL in a dedupe key", "{\"type\":\"log\",\"payload\":{},\"dedupeKey\":\"a\\u0000b\"}"),
        json(
            "a lone surrogate as dedupe key",
            "{\"type\":\"log\",\"payload\":{},\"dedupeKey\":\"\\ud800\"}"),
        json(
            "a lone surrogate in the payload",
            "{\"type\":\"log\",\"payload\":{\"s\":\"x\\udc00\"}}"),
        json("NUL in a payload key", "{\"type\":\"log\",\"payload\":{\"a\\u0000\":1}}"),
        json("NUL in the type", "{\"type\":\"lo\\u0000g\",\"payload\":{}}"),
        json("a number beyond a double", "{\"type\":\"log\",\"payload\":{\"x\":1e999999}}"),
        json("a negative number beyond a double", "{\"type\":\"log\",\"payload\":[-1e400]}"),
        json("a number too small to keep", "{\"type\":\"log\",\"payload\":{\"x\":1e-999999}}"),
        json("NaN", "{\"type\":\"log\",\"payload\":{\"x\":NaN}}"),
        json(
            "a runAt in year -999999999",
            "{\"type\":\"log\",\"payload\":{},\"runAt\":\"-999999999-01-01T00:00:00Z\"}"),
        json(
            "a runAt 1000 years ahead",
            "{\"type\":\"log\",\"payload\":{},\"runAt\":\"3026-01-01T00:00:00Z\"}"),
        json("a negative delay", "{\"type\":\"log\",\"payload\":{},\"delay\":\"-PT1S\"}"),
        json(
            "a delay of 10^15 hours",
            "{\"type\":\"log\",\"payload\":{},\"delay\":\"PT1000000000000000H\"}"),
        json(
            "nesting 5,000 deep",
            "{\"type\":\"log\",\"payload\":" + "[".repeat(5000) + "]".repeat(5000) + "}"),
        new Case(
            "bytes that are not UTF-8",
            ENQUEUE + "\r\n" + JSON + "\r\nContent-Length: 32",
            concat(
                "{\"type\":\"log\",\"payload\":\"",
                new byte[] {(byte) 0xC0, (byte) 0xAF},
                "xxx\"}"),
            400,
            "bad_request"),
        new Case(
            "Content-Type text/plain",
            ENQUEUE + "\r\nContent-Type: text/plain\r\nContent-Length: 27",
            "{\"type\":\"log\",\"payload\":{}}",
            415,
            "unsupported_media_type"),
        new Case(
            "a form post",
            ENQUEUE + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 3",
            "a=b",
            415,
            "unsupported_media_type"),
        new Case(
            "no Content-Type", PAUSE + "\r\nContent-Length: 0", "", 415, "unsupported_media_type"),
        new Case(
            "JSON in Latin-1",
            ENQUEUE
                + "\r\nContent-Type: application/json; charset=iso-8859-1\r\nContent-Length: 27",
            "{\"type\":\"log\",\"payload\":{}}",
            415,
            "unsupported_media_type"),
        new Case(
            "a body on a write that takes none",
            PAUSE + "\r\n" + JSON + "\r\nContent-Length: 7",
            "{\"a\":1}",
            400,
            "bad_request"),
        new Case(
            "a cross-site page",
            ENQUEUE
                + "\r\nHost: 127.0.0.1\r\nOrigin: http://evil.example\r\n"
                + JSON
                + "\r\nContent-Length: 27",
            "{\"type\":\"log\",\"payload\":{}}",
            403,
            "forbidden"),
        new Case(
            "a sandboxed page (Origin null)",
            PAUSE + "\r\nHost: localhost\r\nOrigin: null\r\n" + JSON + "\r\nContent-Length: 0",
            "",
            403,
            "forbidden"),
        new Case(
            "another port on this host",
            PAUSE
                + "\r\nHost: localhost:8080\r\nOrigin: http://localhost:3000\r\n"
                + JSON
                + "\r\nContent-Length: 0",
            "",
            403,
            "forbidden"),
        new Case(
            "DNS rebinding, a read",
            "GET /api/jobs HTTP/1.1\r\nHost: evil.example",
            "",
            403,
            "forbidden"),
        new Case(
            "DNS rebinding, a write",
            PAUSE + "\r\nHost: evil.example:8080\r\n" + JSON + "\r\nContent-Length: 0",
            "",
            403,
            "forbidden"),
        new Case(
            "a body over the limit, announced with Expect",
            ENQUEUE
                + "\r\nHost: localhost\r\n"
                + JSON
                + "\r\nExpect: 100-continue\r\nContent-Length: 18000000",
            "",
            413,
            "body_too_large"),
        new Case(
            "a body over the limit, announced by its length",
            ENQUEUE + "\r\nHost: localhost\r\n" + JSON + "\r\nContent-Length: 18000000",
            "",
            413,
            "body_too_large"),
        get("an unknown route", "/api/nothing", 404, "not_found"),
        get("an unknown queue", "/api/queues/nope/dead", 404, "not_found"),
        get("a bad percent-encoding", "/api/jobs/%zz/runs", 400, "bad_request"),
        get(
            "percent-encoded bytes that are not UTF-8",
            "/api/jobs/%C0%AF/runs",
            400,
            "bad_request"),
        get("a percent-encoded slash", "/api/jobs/a%2Fb/runs", 400, "bad_request"),
        get("a percent-encoded NUL", "/api/jobs/a%00b/runs", 400, "bad_request"),
        get(
            "a URI of 20,000 characters",
            "/api/jobs/" + "x".repeat(20_000) + "/runs",
            414,
            "uri_too_long"),
        get(
            "full-width digits as a limit",
            "/api/jobs/beat/runs?limit=%EF%BC%91",
            400,
            "bad_request"),
        get("a limit given twice", "/api/jobs/beat/runs?limit=1&limit=2", 400, "bad_request"),
        new Case(
            "full-width digits as an id",
            "POST /api/queues/work/dead/%EF%BC%91/retry HTTP/1.1\r\n"
                + JSON
                + "\r\nContent-Length: 0",
            "",
            400,
            "bad_request"),
        new Case(
            "a signed id",
            "POST /api/queues/work/dead/+1/retry HTTP/1.1\r\n" + JSON + "\r\nContent-Length: 0",
            "",
            400,
            "bad_request"),
        new Case(
            "headers of 20,000 bytes",
            "GET /api/jobs HTTP/1.1\r\nX-Filler: " + "x".repeat(20_000),
            "",
            431,
            "headers_too_large"),
        new Case("a wrong method", "DELETE /api/jobs HTTP/1.1", "", 405, "method_not_allowed"),
        new Case("a request line that is not HTTP", "GARBAGE", "", 400, "bad_request"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileRequests")
  void isRefusedInTheCommonShapeAndStoresNothing(Case hostile) {
    String head =
        hostile.head().contains("\r\nHost:") || hostile.head().equals("GARBAGE")
            ? hostile.head()
            : hostile.head().replaceFirst("\r\n|$", "\r\nHost: 127.0.0.1$0");
    RawHttp.Response response = RawHttp.send(port, head, hostile.body());

    assertThat(response.status()).as(hostile.what()).isEqualTo(hostile.status());
    assertThat(response.header("content-type")).isEqualTo("application/json; charset=utf-8");
    assertThat(response.header("server")).isNull();
    JsonNode error = response.json().path("error");
    assertThat(error.path("code").asText()).as(hostile.what()).isEqualTo(hostile.code());
    assertThat(error.path("message").asText()).isNotBlank().doesNotContain("Exception");
    assertThat(error.path("requestId").asText()).isEqualTo(response.header("x-request-id"));
  }

  @AfterEach
  void nothingWasStoredOrChanged() {
    assertThat(postgres.queryLong("SELECT count(*) FROM queue_messages")).isZero();
    assertThat(
            postgres.queryLong("SELECT count(*) FROM qrtz_triggers WHERE trigger_state = 'PAUSED'"))
        .isZero();
  }

  @Test
  void theNodeItselfAndLocalToolsAreServed() {
    RawHttp.Response sameOrigin =
        RawHttp.send(
            port,
            "GET /api/jobs HTTP/1.1\r\nHost: localhost:"
                + port
                + "\r\nOrigin: http://localhost:"
                + port);
    assertThat(sameOrigin.status()).isEqualTo(200);
    assertThat(RawHttp.send(port, "GET /api/jobs HTTP/1.1\r\nHost: [::1]:" + port).status())
        .isEqualTo(200);
    assertThat(RawHttp.send(port, "GET /health/ready HTTP/1.0").status()).isEqualTo(200);
  }

  @Test
  void headAnswersWhereGetDoesWithoutABody() {
    RawHttp.Response get = RawHttp.send(port, "GET /health/live HTTP/1.1\r\nHost: localhost");
    RawHttp.Response head = RawHttp.send(port, "HEAD /health/live HTTP/1.1\r\nHost: localhost");
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.header("content-length")).isEqualTo(String.valueOf(get.body().length));
    RawHttp.Response wrong = RawHttp.send(port, "PUT /api/jobs HTTP/1.1\r\nHost: localhost");
    assertThat(wrong.status()).isEqualTo(405);
    assertThat(wrong.header("allow")).isEqualTo("GET, HEAD");
  }

  @Test
  void pathSegmentsAreDecodedExactlyOnce() {
    assertThat(
            message(
                RawHttp.send(port, "GET /api/jobs/cleanup%20/runs HTTP/1.1\r\nHost: localhost")))
        .isEqualTo("no job named 'cleanup '");
    assertThat(message(RawHttp.send(port, "GET /api/jobs/%27/runs HTTP/1.1\r\nHost: localhost")))
        .isEqualTo("no job named '''");
    assertThat(message(RawHttp.send(port, "GET /api/jobs/%2527/runs HTTP/1.1\r\nHost: localhost")))
        .isEqualTo("no job named '%27'");
    assertThat(RawHttp.send(port, "GET /api/jobs/be%61t/runs HTTP/1.1\r\nHost: localhost").status())
        .isEqualTo(200);
  }

  private static String message(RawHttp.Response response) {
    return response.json().path("error").path("message").asText();
  }

  private static Case json(String what, String body) {
    return new Case(
        what,
        ENQUEUE + "\r\n" + JSON + "\r\nContent-Length: " + body.getBytes(UTF_8).length,
        body,
        400,
        "bad_request");
  }

  private static Case get(String what, String path, int status, String code) {
    return new Case(what, "GET " + path + " HTTP/1.1", "", status, code);
  }

  private static byte[] concat(String before, byte[] middle, String after) {
    byte[] a = before.getBytes(UTF_8);
    byte[] c = after.getBytes(UTF_8);
    byte[] all = new byte[a.length + middle.length + c.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(middle, 0, all, a.length, middle.length);
    System.arraycopy(c, 0, all, a.length + middle.length, c.length);
    return all;
  }
}
