package org.zennet.contracts.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.websocket.WebSocketService;
import org.zennet.contracts.Xen;
import org.zennet.contracts.devchain.DevChain;
import org.zennet.contracts.generated.XenCoin;
import org.zennet.contracts.testkit.AnvilExtension;

@ExtendWith(AnvilExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventFollowerIT {
  private static final String TRANSFER = EventEncoder.encode(XenCoin.TRANSFER_EVENT);

  private ChainFixture fixture;
  private ChainConnection chain;
  private TransactionSender sender;
  private LogFilter transfers;
  private String bob;

  /** What a handler saw: the position of each log, in delivery order. */
  private static final class Recorder implements LogHandler {
    final List<Cursor> delivered = new CopyOnWriteArrayList<>();
    final AtomicReference<Cursor> saved = new AtomicReference<>();

    @Override
    public void onLog(Log log, Cursor cursor) {
      assertThat(cursor).isEqualTo(new Cursor(log.getBlockNumber().longValueExact(), log.getLogIndex().longValueExact()));
      delivered.add(cursor);
      saved.set(cursor);
    }

    void awaitCount(int n) throws InterruptedException {
      ChainFixture.await(() -> delivered.size() >= n, n + " logs are delivered (have " + delivered.size() + ")");
    }
  }

  @BeforeAll
  void deploy(DevChain dev) throws Exception {
    chain = ChainConnection.connect(dev.httpUrl(), dev.wsUrl(), dev.chainId());
    fixture = new ChainFixture(dev, chain);
    transfers = LogFilter.of(fixture.xen, TRANSFER);
    bob = dev.devKeys().get(2).getAddress();
  }

  /** Per test: AnvilExtension reverts the chain after each test, and with it the account's nonce. */
  @BeforeEach
  void newSender() {
    sender = TransactionSender.create(chain, fixture.treasury, TestRevertDecoder.NONE);
  }

  @AfterEach
  void closeSender() {
    sender.close();
  }

  @AfterAll
  void disconnect() {
    chain.close();
  }

  /** Sends {@code n} transfers, each mined in its own block, and waits for them. */
  private void transfers(int n) throws Exception {
    List<CompletableFuture<TransactionReceipt>> sent = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      sent.add(sender.send(fixture.xen, fixture.transfer(bob, Xen.of(1))));
    }
    CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(ChainFixture.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  /** Every transfer log on the chain from the deployment on, as the node lists them. */
  private List<Cursor> allTransfers() throws IOException {
    EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(fixture.deploymentBlock)),
        DefaultBlockParameter.valueOf("latest"), fixture.xen).addSingleTopic(TRANSFER);
    return chain.web3j().ethGetLogs(filter).send().getLogs().stream()
        .map(r -> (Log) r.get())
        .map(l -> new Cursor(l.getBlockNumber().longValueExact(), l.getLogIndex().longValueExact()))
        .toList();
  }

  private JsonRpcEventFollower follow(Optional<URI> ws, Cursor after, LogHandler handler, EventFollowerConfig config,
      WebSocketConnector connector) {
    return JsonRpcEventFollower.start(chain.web3j(), ws, transfers, after, handler, config, connector);
  }

  @Test
  void catchesUpAcrossManySmallWindowsInOrder() throws Exception {
    transfers(10);
    List<Cursor> expected = allTransfers();
    assertThat(expected).hasSize(11); // the genesis mint and ten transfers, in eleven blocks
    Recorder recorder = new Recorder();

    try (var follower = follow(Optional.empty(), Cursor.startOfBlock(fixture.deploymentBlock), recorder,
        EventFollowerConfig.DEFAULT.withMaxBlockRange(3), WebSocketConnector.WEB3J)) {
      recorder.awaitCount(expected.size());
      assertThat(follower.isLive()).isFalse();
      assertThat(follower.cursor()).isEqualTo(expected.get(expected.size() - 1));
    }
    assertThat(recorder.delivered).containsExactlyElementsOf(expected);
  }

  @Test
  void deliversNewLogsLiveOverTheWebSocket() throws Exception {
    transfers(2);
    Recorder recorder = new Recorder();
    try (var follower = follow(chain.wsUrl(), Cursor.startOfBlock(fixture.deploymentBlock), recorder,
        EventFollowerConfig.DEFAULT, WebSocketConnector.WEB3J)) {
      recorder.awaitCount(3);
      ChainFixture.await(follower::isLive, "the follower is live");

      transfers(4);
      recorder.awaitCount(7);
      assertThat(follower.deliveredLive()).isEqualTo(4);
    }
    assertThat(recorder.delivered).containsExactlyElementsOf(allTransfers());
  }

  @Test
  void aLostWebSocketLosesAndRepeatsNothing() throws Exception {
    List<WebSocketService> connections = new CopyOnWriteArrayList<>();
    CountDownLatch mayReconnect = new CountDownLatch(1);
    WebSocketConnector cuttable = url -> {
      if (!connections.isEmpty()) {
        try {
          mayReconnect.await(ChainFixture.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      WebSocketService service = WebSocketConnector.WEB3J.connect(url);
      connections.add(service);
      return service;
    };
    Recorder recorder = new Recorder();
    try (var follower = follow(chain.wsUrl(), Cursor.startOfBlock(fixture.deploymentBlock), recorder,
        EventFollowerConfig.DEFAULT, cuttable)) {
      ChainFixture.await(follower::isLive, "the follower is live");
      transfers(3);
      recorder.awaitCount(4);

      connections.get(0).close();
      ChainFixture.await(() -> !follower.isLive(), "the follower noticed the lost connection");
      transfers(3); // while the follower cannot reconnect
      mayReconnect.countDown();
      ChainFixture.await(follower::isLive, "the follower is live again");
      transfers(3);
      recorder.awaitCount(10);

      assertThat(connections).hasSize(2);
      assertThat(follower.deliveredLive()).isGreaterThanOrEqualTo(6);
    }
    assertThat(recorder.delivered).containsExactlyElementsOf(allTransfers()).doesNotHaveDuplicates();
  }

  @Test
  void resumesFromASavedCursorInTheMiddleOfABlock() throws Exception {
    fixture.rpc("evm_setAutomine", false);
    try {
      List<CompletableFuture<TransactionReceipt>> sent = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        sent.add(sender.send(fixture.xen, fixture.transfer(bob, Xen.of(1))));
      }
      ChainFixture.await(() -> poolSize() == 4, "four transfers are in the pool");
      fixture.rpc("evm_mine");
      CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(ChainFixture.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } finally {
      fixture.rpc("evm_setAutomine", true);
    }
    List<Cursor> expected = allTransfers();
    assertThat(expected).hasSize(5);
    assertThat(expected.get(4).blockNumber()).as("four logs in one block").isEqualTo(expected.get(1).blockNumber());

    Recorder first = new Recorder();
    LogHandler crashesAfterTwo = (log, cursor) -> {
      if (first.delivered.size() == 3) {
        throw new IllegalStateException("the agent crashed");
      }
      first.onLog(log, cursor);
    };
    try (var follower = follow(chain.wsUrl(), Cursor.startOfBlock(fixture.deploymentBlock), crashesAfterTwo,
        EventFollowerConfig.DEFAULT, WebSocketConnector.WEB3J)) {
      first.awaitCount(3);
      assertThat(follower.cursor()).isEqualTo(expected.get(2));
    }

    Recorder second = new Recorder();
    try (var follower = follow(Optional.empty(), first.saved.get(), second, EventFollowerConfig.DEFAULT,
        WebSocketConnector.WEB3J)) {
      second.awaitCount(2);
      transfers(1);
      second.awaitCount(3);
    }
    List<Cursor> all = new ArrayList<>(first.delivered);
    all.addAll(second.delivered);
    assertThat(all).containsExactlyElementsOf(allTransfers());
  }

  private int poolSize() {
    try {
      var content = (java.util.Map<?, ?>) fixture.rpc("txpool_status");
      return Integer.decode(String.valueOf(content.get("pending")));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void pollsEveryNewBlockWithoutAWebSocket() throws Exception {
    Recorder recorder = new Recorder();
    try (var follower = follow(Optional.empty(), Cursor.startOfBlock(fixture.deploymentBlock), recorder,
        EventFollowerConfig.DEFAULT, WebSocketConnector.WEB3J)) {
      recorder.awaitCount(1);
      transfers(3);
      recorder.awaitCount(4);
      assertThat(follower.isLive()).isFalse();
      assertThat(follower.deliveredLive()).isZero();
    }
    assertThat(recorder.delivered).containsExactlyElementsOf(allTransfers());
  }
}
