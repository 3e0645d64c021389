package org.zennet.contracts.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SourceMapTest {
  @Test
  void decompressesEntriesAndSkipsPushImmediates() {
    // PUSH1 0x80, PUSH2 0x0102, JUMPI, STOP; empty fields repeat the previous entry
    SourceMap map = SourceMap.decode("0x608061010257", "10:5:0:-;:7;12::1:i;");
    assertThat(map.instructions()).extracting(SourceMap.Instruction::pc).containsExactly(0, 2, 5);
    assertThat(map.at(2)).isEqualTo(new SourceMap.Instruction(2, 0x61, 10, 7, 0, '-'));
    assertThat(map.at(5)).isEqualTo(new SourceMap.Instruction(5, 0x57, 12, 7, 1, 'i'));
    assertThat(map.at(5).isJumpi()).isTrue();
    assertThat(map.at(3)).as("inside a PUSH's immediate").isNull();
    assertThat(map.at(5).within(1, 10, 10)).isTrue();
    assertThat(map.at(5).within(0, 10, 10)).isFalse();
  }
}
