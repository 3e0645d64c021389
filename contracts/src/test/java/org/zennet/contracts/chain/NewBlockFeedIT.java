package org.zennet.contracts.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.zennet.contracts.devchain.DevChain;
import org.zennet.contracts.testkit.AnvilExtension;

@ExtendWith(AnvilExtension.class)
class NewBlockFeedIT {

  private static void hearsTheNextBlock(DevChain dev, Optional<java.net.URI> ws, boolean expectWebSocket)
      throws Exception {
    try (ChainConnection chain = ChainConnection.connect(dev.httpUrl(), dev.chainId());
        NewBlockFeed feed = NewBlockFeed.start(chain.web3j(), ws, NewBlockFeedConfig.DEFAULT)) {
      ChainFixture.await(() -> feed.latest() >= 0 && feed.isWebSocketLive() == expectWebSocket, "the feed has started");
      long next = feed.latest() + 1;
      CompletableFuture<Long> heard = new CompletableFuture<>();
      feed.addListener(number -> {
        if (number >= next) {
          heard.complete(number);
        }
      });
      dev.advanceTime(1); // mines a block
      assertThat(heard.get(ChainFixture.TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(next);
    }
  }

  @Test
  void hearsNewBlocksOverTheWebSocket(DevChain dev) throws Exception {
    hearsTheNextBlock(dev, Optional.of(dev.wsUrl()), true);
  }

  @Test
  void pollsForNewBlocksWithoutAWebSocket(DevChain dev) throws Exception {
    hearsTheNextBlock(dev, Optional.empty(), false);
  }
}
