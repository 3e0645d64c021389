package org.zennet.contracts.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AbiCheckTest {
  private static final String ABI = "[{\"type\":\"function\",\"name\":\"b\",\"inputs\":[],\"outputs\":[],"
      + "\"stateMutability\":\"view\"},{\"type\":\"event\",\"name\":\"A\",\"anonymous\":false,\"inputs\":["
      + "{\"name\":\"id\",\"type\":\"uint256\",\"indexed\":true}]}]";

  @Test
  void anInterfaceChangeIsListedUntilAccepted(@TempDir Path dir) throws Exception {
    Path solidity = Files.createDirectories(dir.resolve("solidity"));
    Files.writeString(solidity.resolve("deployable.txt"), "C\n");
    Files.createDirectories(solidity.resolve("artifacts"));
    Files.writeString(solidity.resolve("artifacts/C.json"), "{\"abi\":" + ABI + "}");
    Path reviewed = dir.resolve("abi");

    assertThat(AbiCheck.compare(solidity, reviewed)).extracting(AbiCheck.Difference::change)
        .containsExactly("no reviewed copy C.json");
    AbiCheck.accept(solidity, reviewed);
    assertThat(AbiCheck.compare(solidity, reviewed)).isEmpty();
    assertThat(Files.readString(reviewed.resolve("C.json")).indexOf("\"event\""))
        .as("entries sorted by kind").isLessThan(Files.readString(reviewed.resolve("C.json")).indexOf("\"function\""));

    Files.writeString(solidity.resolve("artifacts/C.json"), "{\"abi\":" + ABI.replace("\"indexed\":true", "\"indexed\":false") + "}");
    assertThat(AbiCheck.compare(solidity, reviewed)).extracting(AbiCheck.Difference::change)
        .containsExactly("added: event A(uint256 id)", "removed: event A(uint256 indexed id)");
  }
}
