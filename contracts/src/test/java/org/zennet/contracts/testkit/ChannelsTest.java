package org.zennet.contracts.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class against freshly deployed Zennet contracts: one anvil for the run ({@link AnvilExtension}), the
 * contracts deployed once per class ({@link ChannelsExtension}), every test's transactions undone after it.
 * Test methods take a {@link ChannelsFixture} parameter.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(AnvilExtension.class)
@ExtendWith(ChannelsExtension.class)
public @interface ChannelsTest {}
