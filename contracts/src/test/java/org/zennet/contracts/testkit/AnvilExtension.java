package org.zennet.contracts.testkit;

import java.math.BigInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.zennet.contracts.devchain.DevChain;
import org.zennet.contracts.devchain.DevChainConfig;
import org.zennet.contracts.devchain.DevChainException;

/**
 * Gives integration tests a fresh dev chain: {@code @ExtendWith(AnvilExtension.class)} and a
 * {@link DevChain} parameter (constructor, lifecycle or test method).
 *
 * <p>One anvil serves the whole test run and is stopped when the run ends, whether tests pass or fail
 * (and by a shutdown hook if the JVM dies). Isolation comes from anvil's snapshots: the state is
 * snapshotted before each test class and each test, and reverted after, so every test starts from the
 * state its class's {@code @BeforeAll} left, and every class from an empty chain.
 *
 * <p>Under {@code -Dzennet.coverage.dir=DIR} ({@code zennet audit}) the chain traces every transaction mined
 * since a snapshot before reverting to it, and every {@code eth_call}, for Solidity coverage (see
 * {@link org.zennet.contracts.audit.TraceRecorder}); without it nothing is traced.
 */
public final class AnvilExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(AnvilExtension.class);
  private static final String CHAIN = "chain";
  private static final String SNAPSHOT = "snapshot";

  /** The run's shared dev chain, started on first use. */
  public static DevChain chain(ExtensionContext context) {
    return context.getRoot().getStore(NS).getOrComputeIfAbsent(CHAIN, key -> start(), DevChain.class);
  }

  private static DevChain start() {
    try {
      return DevChain.start(DevChainConfig.DEFAULT);
    } catch (DevChainException e) {
      throw new IllegalStateException("the dev chain for the tests could not start: " + e.getMessage(), e);
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    takeSnapshot(context);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    revertSnapshot(context);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    takeSnapshot(context);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    revertSnapshot(context);
  }

  private static void takeSnapshot(ExtensionContext context) {
    context.getStore(NS).put(SNAPSHOT, chain(context).snapshot());
  }

  private static void revertSnapshot(ExtensionContext context) {
    BigInteger snapshot = context.getStore(NS).remove(SNAPSHOT, BigInteger.class);
    if (snapshot != null) {
      chain(context).revert(snapshot);
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == DevChain.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context)
      throws ParameterResolutionException {
    return chain(context);
  }
}
