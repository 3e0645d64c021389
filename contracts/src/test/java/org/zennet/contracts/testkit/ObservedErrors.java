package org.zennet.contracts.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import org.zennet.contracts.chain.ContractRevertException;

/**
 * The custom errors the contract tests of this run have seen a contract revert with. {@link ChannelsFixture}
 * records every revert it decodes here, so that a last test can check that every error a contract declares
 * is reached by some test ({@code ErrorCoverageIT}).
 */
public final class ObservedErrors {
  /** Where the build puts the compiled contracts' artifacts (ABI and more) on the test classpath. */
  public static final String ARTIFACTS = "/org/zennet/contracts/solidity/artifacts/";

  private static final Set<String> OBSERVED = new ConcurrentSkipListSet<>();

  private ObservedErrors() {}

  /** Notes that a contract reverted with {@code error}. */
  public static void record(ContractRevertException error) {
    OBSERVED.add(error.errorName());
  }

  /** The names of the errors seen so far in this JVM, sorted. */
  public static Set<String> observed() {
    return new TreeSet<>(OBSERVED);
  }

  /**
   * The names of the custom errors in contract {@code contract}'s ABI (its own and those of the libraries it
   * uses) that start with {@code prefix}, sorted.
   */
  public static Set<String> declared(String contract, String prefix) {
    Set<String> names = new TreeSet<>();
    try (InputStream artifact = ObservedErrors.class.getResourceAsStream(ARTIFACTS + contract + ".json")) {
      if (artifact == null) {
        throw new IllegalStateException(
            "no artifact for " + contract + " under " + ARTIFACTS + "; build the contracts first");
      }
      new ObjectMapper().readTree(artifact).path("abi").forEach(entry -> {
        String name = entry.path("name").asText();
        if (entry.path("type").asText().equals("error") && name.startsWith(prefix)) {
          names.add(name);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the artifact of " + contract, e);
    }
    return names;
  }
}
