package org.zennet.contracts.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zennet.contracts.Toolchain;

/** The build's Solidity compiler step (contracts/build/compile-contracts.mjs), run as the build runs it. */
class CompileContractsScriptIT {
  @TempDir Path dir;

  record Result(int exit, String output) {}

  private Result compile(Path sources) throws Exception {
    Path root = Toolchain.root().orElseThrow();
    Process p = new ProcessBuilder(List.of("node", root.resolve("contracts/build/compile-contracts.mjs").toString(),
        "--base", dir.toString(), "--sources", sources.getFileName().toString(), "--out", dir.resolve("out").toString()))
        .directory(dir.toFile()).redirectErrorStream(true).start();
    try {
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
      return new Result(p.exitValue(), output);
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void aSolidityErrorFailsAndIsPrintedWithFileAndLine() throws Exception {
    Path src = Files.createDirectories(dir.resolve("src"));
    Files.writeString(src.resolve("Broken.sol"), """
        // SPDX-License-Identifier: Apache-2.0
        pragma solidity 0.8.37;

        contract Broken {
            function f() external pure returns (uint256) {
                return undefinedThing;
            }
        }
        """);
    Result result = compile(src);
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.output()).contains("src/Broken.sol:6:16: error: DeclarationError: Undeclared identifier");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void writesEveryArtifactAndSkipsUnchangedSources() throws Exception {
    Path src = Files.createDirectories(dir.resolve("src"));
    Files.writeString(src.resolve("Counter.sol"), """
        // SPDX-License-Identifier: Apache-2.0
        pragma solidity 0.8.37;

        import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

        contract Counter {
            uint256 private _count;

            function add(uint256 a, uint256 b) external {
                _count += Math.max(a, b);
            }
        }
        """);
    Result first = compile(src);
    assertThat(first.exit()).as(first.output()).isZero();
    String artifact = Files.readString(dir.resolve("out/artifacts/Counter.json"));
    assertThat(artifact).contains("\"abi\"", "\"bytecode\"", "\"deployedBytecode\"", "\"sourceMap\"",
        "\"deployedSourceMap\"", "\"storageLayout\"", "\"methodIdentifiers\"", "\"_count\"");
    assertThat(dir.resolve("out/abi/Counter.abi")).exists();
    assertThat(dir.resolve("out/bin/Counter.bin")).exists();
    assertThat(dir.resolve("out/build-info.json")).exists();

    Result second = compile(src);
    assertThat(second.output()).contains("unchanged; nothing to compile");
  }
}
