package org.zennet.cli.chain;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.web3j.crypto.Keys;
import org.zennet.besu.DevNetwork;
import org.zennet.contracts.Xen;
import org.zennet.contracts.deploy.Deployment;
import org.zennet.contracts.deploy.GenesisDistribution;

/** Prints a dev network for people: endpoints, contracts, genesis holders. */
public final class ChainReport {
  private ChainReport() {}

  public static void print(PrintWriter out, DevNetwork network, Path descriptor) {
    Deployment d = network.deployment();
    out.printf("Dev chain %d is up (anvil pid %d)%n", d.chainId(), network.chain().pid());
    out.printf("  RPC URL    %s%n", d.rpcUrl());
    out.printf("  WS URL     %s%n", d.wsUrl());
    out.println("Contracts (deployed in block " + d.deploymentBlock() + "):");
    d.contracts().forEach((name, address) -> out.printf("  %-16s %s%n", name, address));
    out.println("Genesis distribution of XEN:");
    int i = 0;
    for (GenesisDistribution.Allocation a : network.genesis().allocations()) {
      out.printf("  %s %15s XEN%s%n", Keys.toChecksumAddress(a.holder()), Xen.format(a.amount()), i++ == 0 ? "  (treasury, dev account 0)" : "");
    }
    if (descriptor != null) {
      out.println("Deployment descriptor: " + descriptor);
    }
  }
}
