package io.ddc.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.transport.Transport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetworkTransportTest {

  @TempDir Path dir;

  @Test
  void parsesTheFourChoicesAndRejectsOthers() {
    assertThat(NetworkTransport.parse("auto")).isEqualTo(NetworkTransport.AUTO);
    assertThat(NetworkTransport.parse(" IO_URING ")).isEqualTo(NetworkTransport.IO_URING);
    assertThat(NetworkTransport.parse("io-uring")).isEqualTo(NetworkTransport.IO_URING);
    assertThat(NetworkTransport.parse("Nio")).isEqualTo(NetworkTransport.NIO);
    assertThat(NetworkTransport.parse("epoll")).isEqualTo(NetworkTransport.EPOLL);
    assertThatThrownBy(() -> NetworkTransport.parse("kqueue"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("auto, io_uring, epoll or nio");
  }

  @Test
  void nodeOptionsTakeItFromTheEnvironmentWithNioAsDefault() {
    assertThat(new NodeOptions().networkTransport()).isEqualTo(NetworkTransport.NIO);
    NodeOptions o = NodeOptions.fromEnvironment(Map.of("NETWORK_TRANSPORT", "io_uring"));
    assertThat(o.networkTransport()).isEqualTo(NetworkTransport.IO_URING);
    assertThat(o.describe()).contains("ddc.node.network-transport = io_uring");
    assertThatThrownBy(() -> NodeOptions.fromEnvironment(Map.of("NETWORK_TRANSPORT", "x")))
        .hasMessageContaining("network-transport");
  }

  @Test
  void autoTakesIoUringWhereAvailableAndNioOtherwise() {
    boolean available = NetworkTransport.ioUringUnavailable() == null;
    assertThat(NetworkTransport.AUTO.resolve())
        .isEqualTo(available ? Transport.IO_URING : Transport.NIO);
    assertThat(NetworkTransport.NIO.resolve()).isEqualTo(Transport.NIO);
    if (available) {
      assertThat(NetworkTransport.IO_URING.resolve()).isEqualTo(Transport.IO_URING);
    } else {
      assertThatThrownBy(NetworkTransport.IO_URING::resolve)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("io_uring transport unavailable");
    }
  }

  /** The epoll transport loads on Linux x86-64 (its native library ships with the node). */
  @Test
  void epollResolvesOnLinuxAndFailsClearlyElsewhere() {
    boolean linuxX64 =
        System.getProperty("os.name").startsWith("Linux")
            && System.getProperty("os.arch").matches("amd64|x86_64");
    assumeTrue(linuxX64, "the node ships epoll's native library for Linux x86-64 only");
    assertThat(NetworkTransport.epollUnavailable()).isNull();
    assertThat(NetworkTransport.EPOLL.resolve()).isEqualTo(Transport.EPOLL);
  }

  /**
   * The gateway's two ways of sending a body work on io_uring: buffers (small pieces) and a file
   * region (large pieces are sent from their segment file).
   */
  @Test
  void ioUringServesBuffersAndFileRegions() throws Exception {
    assumeTrue(NetworkTransport.ioUringUnavailable() == null, "io_uring unavailable here");
    servesBuffersAndFileRegions(NetworkTransport.IO_URING);
  }

  /** The same on epoll. */
  @Test
  void epollServesBuffersAndFileRegions() throws Exception {
    assumeTrue(NetworkTransport.epollUnavailable() == null, "epoll unavailable here");
    servesBuffersAndFileRegions(NetworkTransport.EPOLL);
  }

  private void servesBuffersAndFileRegions(NetworkTransport transport) throws Exception {
    byte[] file = new byte[3 << 20];
    new Random(7).nextBytes(file);
    Path f = Files.write(dir.resolve("piece"), file);
    Vertx vertx = transport.createVertx();
    try {
      assertThat(vertx.isNativeTransportEnabled()).isTrue();
      int port =
          vertx
              .createHttpServer()
              .requestHandler(
                  req -> {
                    if (req.path().equals("/file")) {
                      req.response().sendFile(f.toString(), 1000, file.length - 2000);
                    } else {
                      req.body()
                          .onSuccess(
                              b -> req.response().end(Buffer.buffer("echo:").appendBuffer(b)));
                    }
                  })
              .listen(0, "127.0.0.1")
              .await(10, TimeUnit.SECONDS)
              .actualPort();
      var client = vertx.createHttpClient();
      Buffer echoed =
          client
              .request(HttpMethod.POST, port, "127.0.0.1", "/echo")
              .compose(r -> r.send("hello").compose(res -> res.body()))
              .await(10, TimeUnit.SECONDS);
      assertThat(echoed.toString()).isEqualTo("echo:hello");
      Buffer region =
          client
              .request(HttpMethod.GET, port, "127.0.0.1", "/file")
              .compose(r -> r.send().compose(res -> res.body()))
              .await(10, TimeUnit.SECONDS);
      assertThat(region.getBytes())
          .isEqualTo(java.util.Arrays.copyOfRange(file, 1000, file.length - 1000));
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }
}
