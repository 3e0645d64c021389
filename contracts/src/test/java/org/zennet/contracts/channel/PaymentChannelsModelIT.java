package org.zennet.contracts.channel;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.ChangeDetector;
import net.jqwik.api.state.Transformer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zennet.contracts.Xen;
import org.zennet.contracts.channel.ChannelAction.CloseByProvider;
import org.zennet.contracts.channel.ChannelAction.Deposit;
import org.zennet.contracts.channel.ChannelAction.DepositFor;
import org.zennet.contracts.channel.ChannelAction.Mangling;
import org.zennet.contracts.channel.ChannelAction.OpenChannels;
import org.zennet.contracts.channel.ChannelAction.Party;
import org.zennet.contracts.channel.ChannelAction.Redeem;
import org.zennet.contracts.channel.ChannelAction.RedeemMany;
import org.zennet.contracts.channel.ChannelAction.Settle;
import org.zennet.contracts.channel.ChannelAction.StartClose;
import org.zennet.contracts.channel.ChannelAction.TopUp;
import org.zennet.contracts.channel.ChannelAction.Transfer;
import org.zennet.contracts.channel.ChannelAction.Travel;
import org.zennet.contracts.channel.ChannelAction.VoucherSpec;
import org.zennet.contracts.channel.ChannelAction.Withdraw;
import org.zennet.contracts.channel.PaymentChannelsModel.Channel;

/**
 * Model-based property test of PaymentChannels (and the XenCoin it moves) on anvil: random sequences of
 * every action (deposit, depositFor, withdraw, approve and transfer of XEN, openChannels, topUp, redeem,
 * redeemMany, closeByProvider, startClose, settle, time travel) by a treasury, three publishers, five
 * providers and a watcher, valid and invalid alike, each run on the chain and on {@link
 * PaymentChannelsModel}, with the checks of {@link ModelRun} after every step.
 *
 * <p>The default run is {@value #DEFAULT_TRIES} tries of {@value #STEPS_PER_TRY} steps with a fixed seed.
 * A long campaign: {@code -Dzennet.campaign.steps=100000} (tries = steps / {@value #STEPS_PER_TRY}) and
 * optionally {@code -Dzennet.campaign.seed=...} (see docs/development.md, "Long campaigns").
 */
class PaymentChannelsModelIT {
  private static final Logger LOG = LoggerFactory.getLogger(PaymentChannelsModelIT.class);
  static final int STEPS_PER_TRY = 50;
  static final int DEFAULT_TRIES = 20;
  static final String DEFAULT_SEED = "4242";
  static final String CAMPAIGN_STEPS = "zennet.campaign.steps";
  static final String CAMPAIGN_SEED = "zennet.campaign.seed";

  private static ModelWorld world;
  private static long started;

  @BeforeContainer
  static void startChain() throws Exception {
    world = ModelWorld.start();
    started = System.nanoTime();
  }

  @AfterContainer
  static void stopChain() {
    if (world != null) {
      LOG.info("model-based test of PaymentChannels: {} steps on anvil in {} s", ModelRun.STEPS.get(),
          (System.nanoTime() - started) / 1_000_000_000);
      world.close();
    }
  }

  // No edge-case mixing: the generators already aim at the boundaries that matter (paid, deposit, closesAt).
  @Property(tries = DEFAULT_TRIES, seed = DEFAULT_SEED, shrinking = ShrinkingMode.BOUNDED, edgeCases = EdgeCasesMode.NONE)
  @AddLifecycleHook(CampaignSize.class)
  void contractAgreesWithTheModelAfterEveryStep(@ForAll("sequences") ActionChain<ModelRun> chain) {
    chain.run();
  }

  @Provide
  Arbitrary<ActionChain<ModelRun>> sequences() {
    return ActionChain.<ModelRun>startWith(() -> ModelRun.start(world))
        .withAction(6, step(PaymentChannelsModelIT::deposit))
        .withAction(3, step(PaymentChannelsModelIT::depositFor))
        .withAction(3, step(PaymentChannelsModelIT::withdraw))
        .withAction(1, step(PaymentChannelsModelIT::approve))
        .withAction(2, step(PaymentChannelsModelIT::transfer))
        .withAction(8, step(PaymentChannelsModelIT::openChannels))
        .withAction(4, channelStep(PaymentChannelsModelIT::topUp))
        .withAction(12, channelStep(PaymentChannelsModelIT::redeem))
        .withAction(4, channelStep(PaymentChannelsModelIT::redeemMany))
        .withAction(5, channelStep(PaymentChannelsModelIT::closeByProvider))
        .withAction(5, channelStep(PaymentChannelsModelIT::startClose))
        .withAction(4, channelStep(PaymentChannelsModelIT::settle))
        .withAction(5, step(PaymentChannelsModelIT::travel))
        .withMaxTransformations(STEPS_PER_TRY)
        .improveShrinkingWith(ModelChanges::new);
  }

  /** Tells jqwik's shrinker which steps changed nothing (most reverted ones), so it drops those first. */
  private static final class ModelChanges implements ChangeDetector<ModelRun> {
    private String before;

    @Override
    public void before(ModelRun run) {
      before = run.model.fingerprint();
    }

    @Override
    public boolean hasChanged(ModelRun run) {
      return !before.equals(run.model.fingerprint());
    }
  }

  /** An action whose parameters are drawn from the current state; jqwik prints its {@code toString}. */
  private static Action.Dependent<ModelRun> step(Function<ModelRun, Arbitrary<? extends ChannelAction>> generator) {
    return run -> transformers(generator.apply(run));
  }

  /**
   * An action on a channel, once some channel was opened (before that, every id is unknown and the
   * action would only ever revert with PaymentChannelsUnknownChannel; unknown ids are still drawn later).
   */
  private static Action.Dependent<ModelRun> channelStep(
      Function<ModelRun, Arbitrary<? extends ChannelAction>> generator) {
    return new Action.Dependent<>() {
      @Override
      public boolean precondition(ModelRun run) {
        return run.model.channelCount() > 0;
      }

      @Override
      public Arbitrary<Transformer<ModelRun>> transformer(ModelRun run) {
        return transformers(generator.apply(run));
      }
    };
  }

  private static Arbitrary<Transformer<ModelRun>> transformers(Arbitrary<? extends ChannelAction> actions) {
    return actions.map(action -> Transformer.mutate(action.toString(), run -> run.execute(action)));
  }

  // ------------------------------------------------------------------------------------------
  // Escrow and XEN
  // ------------------------------------------------------------------------------------------

  private static Arbitrary<ChannelAction> deposit(ModelRun run) {
    return actor(run).flatMap(who -> pulled(run, who).map(amount -> new Deposit(who, amount)));
  }

  private static Arbitrary<ChannelAction> depositFor(ModelRun run) {
    ModelWorld w = run.world();
    Arbitrary<Party> account = new Choice<Party>()
        .or(6, Arbitraries.of(w.publishers)).or(2, Arbitraries.of(w.accounts)).or(1, Arbitraries.just(w.zero)).build();
    Arbitrary<Party> funder = new Choice<Party>().or(3, Arbitraries.just(w.treasury)).or(2, actor(run)).build();
    return Combinators.combine(funder, account).flatAs((who, to) -> pulled(run, who).map(a -> new DepositFor(who, to, a)));
  }

  private static Arbitrary<ChannelAction> withdraw(ModelRun run) {
    return actor(run).flatMap(who -> {
      BigInteger free = run.model.escrowOf(who.address());
      return new Choice<BigInteger>().or(5, xen(1, 30)).orIf(free.signum() > 0, 3, () -> Arbitraries.just(free))
          .or(1, Arbitraries.just(free.add(BigInteger.ONE))).or(1, Arbitraries.just(BigInteger.ZERO)).build()
          .map(amount -> new Withdraw(who, amount));
    });
  }

  private static Arbitrary<ChannelAction> approve(ModelRun run) {
    Arbitrary<BigInteger> amount = new Choice<BigInteger>().or(3, Arbitraries.just(PaymentChannelsModel.MAX_UINT256))
        .or(2, xen(0, 50)).build();
    return Combinators.combine(Arbitraries.of(run.world().accounts), amount).as(ChannelAction.Approve::new);
  }

  private static Arbitrary<ChannelAction> transfer(ModelRun run) {
    ModelWorld w = run.world();
    Arbitrary<Party> to = new Choice<Party>().or(8, Arbitraries.of(w.accounts))
        .or(1, Arbitraries.just(w.channelsContract)).or(1, Arbitraries.just(w.zero)).build();
    return Combinators.combine(Arbitraries.of(w.accounts), to).flatAs((who, dest) -> {
      BigInteger have = run.model.balanceOf(who.address());
      return new Choice<BigInteger>().or(6, xen(1, 20)).or(1, Arbitraries.just(have))
          .or(1, Arbitraries.just(have.add(BigInteger.ONE))).build().map(a -> new Transfer(who, dest, a));
    });
  }

  /** What {@code who} pays into escrow: mostly some XEN, sometimes all it has, one wei more, 0 or 2^256-1. */
  private static Arbitrary<BigInteger> pulled(ModelRun run, Party who) {
    BigInteger have = run.model.balanceOf(who.address());
    return new Choice<BigInteger>().or(8, xen(1, 40)).orIf(have.signum() > 0, 1, () -> Arbitraries.just(have))
        .or(1, Arbitraries.just(have.add(BigInteger.ONE))).or(1, Arbitraries.just(BigInteger.ZERO))
        .or(1, Arbitraries.just(PaymentChannelsModel.MAX_UINT256)).build();
  }

  // ------------------------------------------------------------------------------------------
  // Channels
  // ------------------------------------------------------------------------------------------

  private static Arbitrary<ChannelAction> openChannels(ModelRun run) {
    ModelWorld w = run.world();
    Arbitrary<Party> who = new Choice<Party>().or(8, Arbitraries.of(w.publishers)).or(1, Arbitraries.of(w.accounts))
        .build();
    Arbitrary<BigInteger> jobId = Arbitraries.integers().between(1, 99).map(BigInteger::valueOf);
    return Combinators.combine(who, jobId).flatAs((publisher, job) -> {
      Arbitrary<Party> provider = new Choice<Party>().or(30, Arbitraries.of(w.providers))
          .or(1, Arbitraries.of(w.publishers)).or(1, Arbitraries.just(publisher)).or(1, Arbitraries.just(w.zero)).build();
      Arbitrary<BigInteger> amount = new Choice<BigInteger>().or(30, xen(1, 20))
          .or(1, Arbitraries.just(BigInteger.ZERO)).or(1, Arbitraries.just(BigInteger.ONE))
          .or(1, Arbitraries.just(PaymentChannelsModel.MAX_CHANNEL_DEPOSIT))
          .or(1, Arbitraries.just(PaymentChannelsModel.MAX_CHANNEL_DEPOSIT.add(BigInteger.ONE))).build();
      Arbitrary<ChannelAction> batch = Combinators.combine(provider, amount).as(Tuple::of).list().ofMinSize(1).ofMaxSize(4)
          .map(slots -> new OpenChannels(publisher, job, slots.stream().map(Tuple2::get1).toList(),
              slots.stream().map(Tuple2::get2).toList()));
      Party someProvider = w.providers.get(0);
      BigInteger one = Xen.of(1);
      return new Choice<ChannelAction>().or(40, batch)
          .or(1, Arbitraries.just(new OpenChannels(publisher, job, List.of(), List.of())))
          .or(1, Arbitraries.just(new OpenChannels(publisher, job, List.of(someProvider, w.providers.get(1)), List.of(one))))
          .or(1, Arbitraries.just(new OpenChannels(publisher, job,
              java.util.Collections.nCopies(PaymentChannelsModel.MAX_CHANNELS_PER_BATCH + 1, someProvider),
              java.util.Collections.nCopies(PaymentChannelsModel.MAX_CHANNELS_PER_BATCH + 1, one))))
          .build();
    });
  }

  private static Arbitrary<ChannelAction> topUp(ModelRun run) {
    return channelId(run).flatMap(id -> {
      Channel c = run.model.channel(id);
      Arbitrary<Party> who = new Choice<Party>().orIf(c != null, 8, () -> Arbitraries.just(party(run, c.publisher)))
          .or(1, actor(run)).build();
      BigInteger room = PaymentChannelsModel.MAX_CHANNEL_DEPOSIT.subtract(c == null ? BigInteger.ZERO : c.deposit);
      return who.flatMap(sender -> new Choice<BigInteger>().or(8, xen(1, 10)).or(1, Arbitraries.just(BigInteger.ZERO))
          .orIf(run.model.escrowOf(sender.address()).signum() > 0, 1,
              () -> Arbitraries.just(run.model.escrowOf(sender.address())))
          .or(1, Arbitraries.just(room)).or(1, Arbitraries.just(room.add(BigInteger.ONE))).build()
          .map(amount -> new TopUp(sender, id, amount)));
    });
  }

  private static Arbitrary<ChannelAction> redeem(ModelRun run) {
    return channelId(run).flatMap(id -> Combinators.combine(submitter(run, id), voucher(run, id)).as(Redeem::new));
  }

  private static Arbitrary<ChannelAction> redeemMany(ModelRun run) {
    Arbitrary<List<VoucherSpec>> vouchers = channelId(run).flatMap(id -> voucher(run, id)).list().ofMinSize(1).ofMaxSize(4);
    Arbitrary<Party> who = new Choice<Party>().or(3, Arbitraries.of(run.world().providers))
        .or(2, Arbitraries.just(run.world().watcher)).or(1, Arbitraries.of(run.world().accounts)).build();
    return Combinators.combine(who, vouchers, Arbitraries.integers().between(0, 22)).as((sender, list, malformed) ->
        switch (malformed) {
          case 0 -> new RedeemMany(sender, List.of(), 0, 0);
          case 1 -> new RedeemMany(sender, list, 1, 0);
          case 2 -> new RedeemMany(sender, list, 0, 1);
          default -> new RedeemMany(sender, list, 0, 0);
        });
  }

  private static Arbitrary<ChannelAction> closeByProvider(ModelRun run) {
    return channelId(run).flatMap(id -> {
      Channel c = run.model.channel(id);
      Arbitrary<Party> who = new Choice<Party>().orIf(c != null, 9, () -> Arbitraries.just(party(run, c.provider)))
          .or(1, Arbitraries.of(run.world().accounts)).build();
      return Combinators.combine(who, voucher(run, id)).as(CloseByProvider::new);
    });
  }

  private static Arbitrary<ChannelAction> startClose(ModelRun run) {
    return channelId(run).flatMap(id -> {
      Channel c = run.model.channel(id);
      return new Choice<Party>().orIf(c != null, 9, () -> Arbitraries.just(party(run, c.publisher)))
          .or(1, Arbitraries.of(run.world().accounts)).build().map(who -> new StartClose(who, id));
    });
  }

  private static Arbitrary<ChannelAction> settle(ModelRun run) {
    List<BigInteger> closing = closing(run);
    Arbitrary<BigInteger> id = new Choice<BigInteger>().orIf(!closing.isEmpty(), 6, () -> Arbitraries.of(closing))
        .or(4, channelId(run)).build();
    return id.flatMap(channel -> submitter(run, channel).map(who -> new Settle(who, channel)));
  }

  private static List<BigInteger> closing(ModelRun run) {
    return run.model.channels().stream().filter(c -> !c.closed && c.closesAt != 0).map(c -> c.id).toList();
  }

  private static Arbitrary<ChannelAction> travel(ModelRun run) {
    List<BigInteger> closing = closing(run);
    long period = run.model.challengePeriod;
    return new Choice<ChannelAction>()
        .or(3, Arbitraries.longs().between(1, 60).map(Travel::by))
        .orIf(!closing.isEmpty(), 6, () -> Combinators.combine(Arbitraries.of(closing),
            Arbitraries.frequency(Tuple.of(2, -1L), Tuple.of(3, 0L), Tuple.of(1, 1L))).as(Travel::toClosesAt))
        .or(2, Arbitraries.longs().between(period + 1, period + 100).map(Travel::by))
        .or(1, Arbitraries.just(Travel.by(86_400)))
        .build();
  }

  /**
   * A channel id: right after the clock was moved to a channel's closesAt, mostly that channel; else mostly
   * one that is open or closing, sometimes a closed one, sometimes one never handed out (0, offset 0 of a
   * used page, the gap after a batch, the next page's first id).
   */
  private static Arbitrary<BigInteger> channelId(ModelRun run) {
    PaymentChannelsModel m = run.model;
    List<BigInteger> live = m.channels().stream().filter(c -> !c.closed).map(c -> c.id).toList();
    List<BigInteger> closed = m.channels().stream().filter(c -> c.closed).map(c -> c.id).toList();
    List<BigInteger> unknown = new ArrayList<>(List.of(BigInteger.ZERO,
        BigInteger.valueOf(m.pagesUsed()).shiftLeft(PaymentChannelsModel.PAGE_BITS).add(BigInteger.ONE)));
    if (!live.isEmpty() || !closed.isEmpty()) {
      BigInteger last = m.channels().getLast().id;
      unknown.add(last.add(BigInteger.ONE));
      unknown.add(last.shiftRight(PaymentChannelsModel.PAGE_BITS).shiftLeft(PaymentChannelsModel.PAGE_BITS));
    }
    BigInteger focus = run.focus();
    return new Choice<BigInteger>().orIf(focus != null, 12, () -> Arbitraries.just(focus))
        .orIf(!live.isEmpty(), 8, () -> Arbitraries.of(live))
        .orIf(!closed.isEmpty(), 2, () -> Arbitraries.of(closed)).or(1, Arbitraries.of(unknown)).build();
  }

  /**
   * A voucher for channel {@code id}: its cumulative amount below, at or above what was paid, at or above
   * the deposit; mostly signed by the channel's publisher, sometimes by someone else, for another channel
   * or amount, or mangled (high s, raw v, 64 bytes).
   */
  private static Arbitrary<VoucherSpec> voucher(ModelRun run, BigInteger id) {
    ModelWorld w = run.world();
    Channel c = run.model.channel(id);
    BigInteger deposit = c == null ? BigInteger.ZERO : c.deposit;
    BigInteger paid = c == null ? BigInteger.ZERO : c.paid;
    Arbitrary<BigInteger> amount = new Choice<BigInteger>()
        .or(1, Arbitraries.just(BigInteger.ZERO))
        .orIf(paid.signum() > 0, 2, () -> Arbitraries.just(paid.subtract(BigInteger.ONE)))
        .or(2, Arbitraries.just(paid))
        .orIf(deposit.compareTo(paid) > 0, 6, () -> Arbitraries.integers().between(1, 100).map(percent ->
            paid.add(deposit.subtract(paid).multiply(BigInteger.valueOf(percent)).divide(BigInteger.valueOf(100)))
                .max(paid.add(BigInteger.ONE))))
        .orIf(deposit.signum() > 0, 3, () -> Arbitraries.just(deposit))
        .or(2, xen(1, 5).map(deposit::add))
        .or(2, xen(1, 30))
        .or(1, Arbitraries.just(PaymentChannelsModel.MAX_UINT256))
        .build();
    List<Party> signers = new ArrayList<>(w.publishers);
    signers.addAll(w.providers);
    Arbitrary<Party> signer = new Choice<Party>()
        .or(16, c == null ? Arbitraries.of(w.publishers) : Arbitraries.just(party(run, c.publisher)))
        .or(2, Arbitraries.of(signers)).build();
    List<BigInteger> others = new ArrayList<>(run.model.channels().stream().map(ch -> ch.id).toList());
    others.add(id.add(BigInteger.ONE));
    Arbitrary<Integer> forgery = Arbitraries.frequency(Tuple.of(14, 0), Tuple.of(1, 1), Tuple.of(1, 2), Tuple.of(3, 3));
    return Combinators.combine(amount, signer, forgery, Arbitraries.of(others), Arbitraries.of(Mangling.values()))
        .as((a, s, kind, other, mangling) -> switch (kind) {
          case 1 -> new VoucherSpec(id, a, s, other.equals(id) ? id.add(BigInteger.ONE) : other, a, Mangling.NONE);
          case 2 -> new VoucherSpec(id, a, s, id,
              a.equals(PaymentChannelsModel.MAX_UINT256) ? a.subtract(BigInteger.ONE) : a.add(BigInteger.ONE),
              Mangling.NONE);
          case 3 -> new VoucherSpec(id, a, s, id, a, mangling);
          default -> new VoucherSpec(id, a, s, id, a, Mangling.NONE);
        });
  }

  /** Who submits a voucher or settles: the provider, a watcher, the publisher, anyone. */
  private static Arbitrary<Party> submitter(ModelRun run, BigInteger id) {
    Channel c = run.model.channel(id);
    return new Choice<Party>().orIf(c != null, 5, () -> Arbitraries.just(party(run, c.provider)))
        .or(3, Arbitraries.just(run.world().watcher))
        .orIf(c != null, 1, () -> Arbitraries.just(party(run, c.publisher)))
        .or(1, Arbitraries.of(run.world().accounts)).build();
  }

  /** Someone who acts: mostly a publisher. */
  private static Arbitrary<Party> actor(ModelRun run) {
    ModelWorld w = run.world();
    return new Choice<Party>().or(5, Arbitraries.of(w.publishers)).or(2, Arbitraries.of(w.providers))
        .or(1, Arbitraries.just(w.watcher)).or(1, Arbitraries.just(w.treasury)).build();
  }

  private static Party party(ModelRun run, String address) {
    return run.world().accounts.stream().filter(p -> p.address().equals(address)).findFirst().orElseThrow();
  }

  private static Arbitrary<BigInteger> xen(int min, int max) {
    return Arbitraries.integers().between(min, max).map(Xen::of);
  }

  /** Weighted alternatives; an alternative whose condition is false is left out. */
  private static final class Choice<T> {
    private final List<Tuple2<Integer, Arbitrary<T>>> options = new ArrayList<>();

    Choice<T> or(int weight, Arbitrary<? extends T> option) {
      options.add(Tuple.of(weight, option.<T>map(x -> x)));
      return this;
    }

    Choice<T> orIf(boolean condition, int weight, Supplier<Arbitrary<? extends T>> option) {
      return condition ? or(weight, option.get()) : this;
    }

    Arbitrary<T> build() {
      return Arbitraries.frequencyOf(options);
    }
  }

  /**
   * Sizes the property from {@code -Dzennet.campaign.steps} (tries = steps / {@value #STEPS_PER_TRY}) and
   * seeds it from {@code -Dzennet.campaign.seed}; without them the annotation's defaults hold.
   */
  static final class CampaignSize implements AroundPropertyHook {
    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
      campaignSteps().ifPresent(steps -> {
        int tries = (int) Math.max(1, (steps + STEPS_PER_TRY - 1) / STEPS_PER_TRY);
        LOG.info("long campaign: {} tries of {} steps", tries, STEPS_PER_TRY);
        context.attributes().setTries(tries);
      });
      property(CAMPAIGN_SEED).ifPresent(seed -> {
        LOG.info("campaign seed {}", seed);
        context.attributes().setSeed(seed);
      });
      return property.execute();
    }

    static Optional<Long> campaignSteps() {
      return property(CAMPAIGN_STEPS).map(value -> {
        try {
          long steps = Long.parseLong(value.replace("_", ""));
          if (steps <= 0) {
            throw new NumberFormatException();
          }
          return steps;
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("-D" + CAMPAIGN_STEPS + " must be a positive number of steps, got '"
              + value + "'");
        }
      });
    }

    /** A system property, unless unset, blank, or an unresolved Maven expression. */
    private static Optional<String> property(String name) {
      String value = System.getProperty(name);
      return value == null || value.isBlank() || value.startsWith("${") ? Optional.empty() : Optional.of(value.trim());
    }
  }
}
