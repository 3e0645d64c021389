package org.zennet.contracts.testkit;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Deploys a {@link ChannelsFixture} once per test class, on the chain of {@link AnvilExtension}, and hands it
 * to tests as a parameter. Register it through {@link ChannelsTest}, which puts it after
 * {@link AnvilExtension}: the deployment then happens after the class's snapshot and is undone with it.
 */
public final class ChannelsExtension implements BeforeAllCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(ChannelsExtension.class);
  private static final String FIXTURE = "fixture";

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    // AutoCloseable: JUnit closes the fixture (its RPC client) when the class's context ends.
    context.getStore(NS).put(FIXTURE, ChannelsFixture.deploy(AnvilExtension.chain(context)));
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == ChannelsFixture.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    ChannelsFixture fixture = context.getStore(NS).get(FIXTURE, ChannelsFixture.class);
    if (fixture == null) {
      throw new IllegalStateException("no ChannelsFixture here: it is deployed before all tests of a class, so a "
          + "test instance constructor (PER_CLASS) cannot take one; take it in @BeforeAll or the test method");
    }
    return fixture;
  }
}
