package org.zennet.contracts.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CursorTest {

  @Test
  void aLogIsNewOnlyIfItComesAfterTheCursor() {
    Cursor cursor = new Cursor(10, 2);
    assertThat(cursor.isBefore(10, 3)).isTrue();
    assertThat(cursor.isBefore(11, 0)).isTrue();
    assertThat(cursor.isBefore(10, 2)).isFalse();
    assertThat(cursor.isBefore(10, 1)).isFalse();
    assertThat(cursor.isBefore(9, 5)).isFalse();
  }

  @Test
  void theStartOfABlockDeliversItsFirstLog() {
    assertThat(Cursor.startOfBlock(5).isBefore(5, 0)).isTrue();
    assertThat(Cursor.startOfBlock(5).isBefore(4, 7)).isFalse();
    assertThat(Cursor.GENESIS.isBefore(0, 0)).isTrue();
  }

  @Test
  void ordersByBlockThenLogIndex() {
    assertThat(new Cursor(3, 9)).isLessThan(new Cursor(4, 0));
    assertThat(new Cursor(4, 1)).isGreaterThan(new Cursor(4, 0));
  }

  @Test
  void rejectsNegativePositions() {
    assertThatThrownBy(() -> new Cursor(-1, 0)).hasMessageContaining("block number");
    assertThatThrownBy(() -> new Cursor(0, -2)).hasMessageContaining("log index");
  }
}
