package org.zennet.contracts.devchain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.http.HttpService;

class AnvilDevChainIT {
  @TempDir Path dir;

  @Test
  void startsOnAFreePortWithFundedKeysAndStopsTheProcess() throws Exception {
    long pid;
    try (DevChain chain = DevChain.start(DevChainConfig.DEFAULT.withChainId(4242))) {
      pid = chain.pid();
      assertThat(chain.httpUrl().getPort()).isPositive();
      assertThat(chain.wsUrl().toString()).startsWith("ws://127.0.0.1:");
      assertThat(chain.devKeys()).hasSize(DevChainConfig.DEFAULT_ACCOUNTS);
      Web3j web3j = Web3j.build(new HttpService(chain.httpUrl().toString()));
      try {
        assertThat(web3j.ethChainId().send().getChainId()).isEqualTo(BigInteger.valueOf(4242));
        assertThat(web3j.ethGetBalance(chain.devKeys().get(9).getAddress(), DefaultBlockParameterName.LATEST)
            .send().getBalance()).isPositive();
      } finally {
        web3j.shutdown();
      }
      assertThat(ProcessHandle.of(pid)).get().matches(ProcessHandle::isAlive);
    }
    assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("anvil stopped").isEmpty();
  }

  @Test
  void freeGasChainQuotesAZeroGasPrice() throws Exception {
    try (DevChain chain = DevChain.start(DevChainConfig.DEFAULT.withZeroGasPrice())) {
      Web3j web3j = Web3j.build(new HttpService(chain.httpUrl().toString()));
      try {
        assertThat(web3j.ethGasPrice().send().getGasPrice()).isZero();
      } finally {
        web3j.shutdown();
      }
    }
  }

  @Test
  void snapshotsRevertAndTimeMovesForward() throws Exception {
    try (DevChain chain = DevChain.start(DevChainConfig.DEFAULT)) {
      Web3j web3j = Web3j.build(new HttpService(chain.httpUrl().toString()));
      try {
        BigInteger snapshot = chain.snapshot();
        long before = latestTimestamp(web3j);
        BigInteger blockBefore = web3j.ethBlockNumber().send().getBlockNumber();
        chain.advanceTime(3600);
        assertThat(latestTimestamp(web3j)).isGreaterThanOrEqualTo(before + 3600);
        assertThat(web3j.ethBlockNumber().send().getBlockNumber()).isEqualTo(blockBefore.add(BigInteger.ONE));
        chain.revert(snapshot);
        assertThat(web3j.ethBlockNumber().send().getBlockNumber()).isEqualTo(blockBefore);
        assertThatThrownBy(() -> chain.revert(snapshot)).hasMessageContaining("could not revert");
        assertThatThrownBy(() -> chain.advanceTime(-1)).hasMessageContaining("forward");
      } finally {
        web3j.shutdown();
      }
    }
  }

  @Test
  void mineBlocksOnATimerWhenAskedTo() throws Exception {
    try (DevChain chain = DevChain.start(DevChainConfig.DEFAULT.withBlockTime(Duration.ofSeconds(1)).withWorkDir(dir))) {
      assertThat(dir.resolve("anvil.log")).exists();
      assertThat(chain.devKeys()).isNotEmpty();
    }
    assertThat(dir.resolve("anvil.log")).as("a given work folder is kept").exists();
  }

  @Test
  void reportsAPortInUseWithAnvilsOwnWords() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      assertThatThrownBy(() -> DevChain.start(DevChainConfig.DEFAULT.withPort(taken.getLocalPort())))
          .isInstanceOf(DevChainException.class)
          .hasMessageContaining("anvil exited")
          .hasMessageContaining(Integer.toString(taken.getLocalPort()));
    }
  }

  private static long latestTimestamp(Web3j web3j) throws Exception {
    return web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send().getBlock().getTimestamp().longValueExact();
  }
}
