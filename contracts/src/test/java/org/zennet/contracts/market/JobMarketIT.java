package org.zennet.contracts.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tuples.generated.Tuple2;
import org.zennet.contracts.Xen;
import org.zennet.contracts.generated.JobMarket;
import org.zennet.contracts.generated.errors.JobMarketAcceptBeforeNotInFutureException;
import org.zennet.contracts.generated.errors.JobMarketEmptyEndpointException;
import org.zennet.contracts.generated.errors.JobMarketEndpointTooLongException;
import org.zennet.contracts.generated.errors.JobMarketJobAlreadyClosedException;
import org.zennet.contracts.generated.errors.JobMarketNotPublisherException;
import org.zennet.contracts.generated.errors.JobMarketUnknownJobException;
import org.zennet.contracts.generated.errors.JobMarketZeroManifestHashException;
import org.zennet.contracts.testkit.Balances;
import org.zennet.contracts.testkit.ChannelsFixture;
import org.zennet.contracts.testkit.ChannelsTest;

/** JobMarket: publishers {@code postJob} and {@code closeJob}; providers follow the events. */
@ChannelsTest
class JobMarketIT {
  private static final String ENDPOINT = "/ip4/127.0.0.1/tcp/7400/p2p/16Uiu2HAmTestPeerId";
  private static final BigInteger PRICE = Xen.of(2).add(BigInteger.valueOf(17));
  private static final BigInteger BUDGET = Xen.of(500);
  private static final long ONE_DAY = 86_400;
  private static final int MAX_ENDPOINT = 256;

  private static byte[] manifestHash(String manifest) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(manifest.getBytes(StandardCharsets.UTF_8));
  }

  private static BigInteger acceptBefore(ChannelsFixture fx) throws Exception {
    return fx.chain().web3j().ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false)
        .send().getBlock().getTimestamp().add(BigInteger.valueOf(ONE_DAY));
  }

  private static TransactionReceipt post(ChannelsFixture fx, Credentials publisher, String manifest) throws Exception {
    return fx.market(publisher).postJob(manifestHash(manifest), PRICE, BUDGET, acceptBefore(fx), ENDPOINT).send();
  }

  @Test
  void postJobAnnouncesTheOfferInItsEventAndStoresOnlyThePublisher(ChannelsFixture fx) throws Exception {
    Credentials publisher = fx.publisher();
    BigInteger deadline = acceptBefore(fx);
    Balances before = fx.balances();

    TransactionReceipt receipt = fx.market(publisher).postJob(manifestHash("wordcount"), PRICE, BUDGET, deadline,
        ENDPOINT).send();

    assertThat(JobMarket.getJobPostedEvents(receipt)).singleElement().satisfies(e -> {
      assertThat(e.jobId).isEqualTo(BigInteger.ONE);
      assertThat(e.publisher).isEqualTo(publisher.getAddress());
      assertThat(e.manifestHash).isEqualTo(manifestHash("wordcount"));
      assertThat(e.maxPricePerMegaFuel).isEqualTo(PRICE);
      assertThat(e.budget).isEqualTo(BUDGET);
      assertThat(e.acceptBefore).isEqualTo(deadline);
      assertThat(e.endpoint).isEqualTo(ENDPOINT);
    });
    assertThat(fx.market(publisher).jobInfo(BigInteger.ONE).send())
        .isEqualTo(new Tuple2<>(publisher.getAddress(), false));
    assertThat(fx.market(publisher).jobCount().send()).isEqualTo(BigInteger.ONE);
    assertThat(fx.balances().changesSince(before)).as("the market holds no money").isEmpty();
  }

  @Test
  void jobIdsIncreaseByOneAcrossPublishers(ChannelsFixture fx) throws Exception {
    post(fx, fx.publisher(), "a");
    TransactionReceipt second = post(fx, fx.stranger(), "b");
    TransactionReceipt third = post(fx, fx.publisher(), "c");

    assertThat(JobMarket.getJobPostedEvents(second)).extracting(e -> e.jobId, e -> e.publisher)
        .containsExactly(tuple(BigInteger.TWO, fx.stranger().getAddress()));
    assertThat(JobMarket.getJobPostedEvents(third)).extracting(e -> e.jobId).containsExactly(BigInteger.valueOf(3));
    assertThat(fx.market(fx.publisher()).jobCount().send()).isEqualTo(BigInteger.valueOf(3));
    assertThat(fx.market(fx.publisher()).jobInfo(BigInteger.valueOf(4)).send())
        .isEqualTo(new Tuple2<>("0x0000000000000000000000000000000000000000", false));
  }

  @Test
  void thePublisherClosesItsJobOnce(ChannelsFixture fx) throws Exception {
    Credentials publisher = fx.publisher();
    post(fx, publisher, "wordcount");

    TransactionReceipt receipt = fx.market(publisher).closeJob(BigInteger.ONE).send();

    assertThat(JobMarket.getJobClosedEvents(receipt)).extracting(e -> e.jobId).containsExactly(BigInteger.ONE);
    assertThat(fx.market(publisher).jobInfo(BigInteger.ONE).send())
        .isEqualTo(new Tuple2<>(publisher.getAddress(), true));
    var e = fx.marketRevert(JobMarketJobAlreadyClosedException.class, publisher, m -> m.closeJob(BigInteger.ONE));
    assertThat(e.jobId()).isEqualTo(BigInteger.ONE);
  }

  @Test
  void onlyThePublisherClosesAJobThatExists(ChannelsFixture fx) throws Exception {
    post(fx, fx.publisher(), "wordcount");

    var notPublisher = fx.marketRevert(JobMarketNotPublisherException.class, fx.stranger(),
        m -> m.closeJob(BigInteger.ONE));
    assertThat(notPublisher.jobId()).isEqualTo(BigInteger.ONE);
    assertThat(notPublisher.caller()).isEqualToIgnoringCase(fx.stranger().getAddress());

    for (BigInteger unknown : new BigInteger[] {BigInteger.ZERO, BigInteger.TWO}) {
      var e = fx.marketRevert(JobMarketUnknownJobException.class, fx.publisher(), m -> m.closeJob(unknown));
      assertThat(e.jobId()).isEqualTo(unknown);
    }
  }

  @Test
  void rejectsABadOffer(ChannelsFixture fx) throws Exception {
    Credentials publisher = fx.publisher();
    byte[] hash = manifestHash("wordcount");
    BigInteger deadline = acceptBefore(fx);

    fx.marketRevert(JobMarketZeroManifestHashException.class, publisher,
        m -> m.postJob(new byte[32], PRICE, BUDGET, deadline, ENDPOINT));

    BigInteger past = deadline.subtract(BigInteger.valueOf(2 * ONE_DAY));
    var late = fx.marketRevert(JobMarketAcceptBeforeNotInFutureException.class, publisher,
        m -> m.postJob(hash, PRICE, BUDGET, past, ENDPOINT));
    assertThat(late.acceptBefore()).isEqualTo(past);
    assertThat(late.blockTime()).isGreaterThan(past);

    fx.marketRevert(JobMarketEmptyEndpointException.class, publisher,
        m -> m.postJob(hash, PRICE, BUDGET, deadline, ""));

    String tooLong = "x".repeat(MAX_ENDPOINT + 1);
    var e = fx.marketRevert(JobMarketEndpointTooLongException.class, publisher,
        m -> m.postJob(hash, PRICE, BUDGET, deadline, tooLong));
    assertThat(e.length()).isEqualTo(BigInteger.valueOf(MAX_ENDPOINT + 1));
    assertThat(e.maxLength()).isEqualTo(fx.market(publisher).MAX_ENDPOINT_LENGTH().send())
        .isEqualTo(BigInteger.valueOf(MAX_ENDPOINT));
    fx.market(publisher).postJob(hash, PRICE, BUDGET, deadline, "x".repeat(MAX_ENDPOINT)).send();
  }
}
