package org.zennet.protocol.yamux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {
  private static final int WINDOW = YamuxConfig.DEFAULT_RECEIVE_WINDOW;

  private static List<Frame> decodeAll(Buffer bytes, int chunk) throws YamuxProtocolException {
    FrameDecoder decoder = new FrameDecoder(WINDOW);
    List<Frame> frames = new ArrayList<>();
    for (int at = 0; at < bytes.length(); at += chunk) {
      decoder.feed(bytes.getBuffer(at, Math.min(bytes.length(), at + chunk)), frames::add);
      assertThat(decoder.pendingBytes()).isLessThanOrEqualTo(Frame.HEADER_LENGTH + WINDOW + chunk);
    }
    return frames;
  }

  @Test
  void decodesEveryFrameTypeAcrossChunkBoundaries() throws Exception {
    Buffer bytes = Buffer.buffer()
        .appendBuffer(Frame.encode(Frame.TYPE_WINDOW_UPDATE, Frame.FLAG_SYN, 1, 1000, Frame.EMPTY))
        .appendBuffer(Frame.encode(Frame.TYPE_DATA, Frame.FLAG_FIN, 1, 5, Buffer.buffer("hello")))
        .appendBuffer(Frame.encode(Frame.TYPE_PING, Frame.FLAG_ACK, 0, 0xFFFF_FFFFL, Frame.EMPTY))
        .appendBuffer(Frame.encode(Frame.TYPE_GO_AWAY, 0, 0, 2, Frame.EMPTY));
    for (int chunk = 1; chunk <= bytes.length(); chunk++) {
      List<Frame> frames = decodeAll(bytes, chunk);
      assertThat(frames).extracting(Frame::type).containsExactly(
          Frame.TYPE_WINDOW_UPDATE, Frame.TYPE_DATA, Frame.TYPE_PING, Frame.TYPE_GO_AWAY);
      assertThat(frames.get(1).payload().toString()).isEqualTo("hello");
      assertThat(frames.get(1).has(Frame.FLAG_FIN)).isTrue();
      assertThat(frames.get(2).length()).isEqualTo(0xFFFF_FFFFL);
    }
  }

  @Test
  void theHeaderIsBigEndianAndTwelveBytes() {
    Buffer header = Frame.encode(Frame.TYPE_WINDOW_UPDATE, Frame.FLAG_ACK | Frame.FLAG_FIN, 0x01020304, 0x0A0B0C0DL, Frame.EMPTY);
    assertThat(header.getBytes()).containsExactly(0, 1, 0, 6, 1, 2, 3, 4, 0x0A, 0x0B, 0x0C, 0x0D);
  }

  @Test
  void rejectsAnOversizedDataFrameFromItsHeaderAlone() {
    Buffer header = Frame.encode(Frame.TYPE_DATA, 0, 1, WINDOW + 1L, Frame.EMPTY);
    assertThatThrownBy(() -> new FrameDecoder(WINDOW).feed(header, f -> {}))
        .isInstanceOf(YamuxProtocolException.class).hasMessageContaining("exceeds the receive window");
  }

  @Test
  void rejectsSessionFramesOnAStreamAndStreamFramesOnTheSession() {
    assertThatThrownBy(() -> new FrameDecoder(WINDOW).feed(Frame.encode(Frame.TYPE_PING, 0, 3, 0, Frame.EMPTY), f -> {}))
        .isInstanceOf(YamuxProtocolException.class);
    assertThatThrownBy(() -> new FrameDecoder(WINDOW).feed(Frame.encode(Frame.TYPE_DATA, 0, 0, 0, Frame.EMPTY), f -> {}))
        .isInstanceOf(YamuxProtocolException.class);
  }

  @Property(tries = 2000)
  void randomBytesYieldFramesOrAProtocolErrorOnly(@ForAll @Size(max = 4096) byte[] bytes,
      @ForAll @IntRange(min = 1, max = 600) int chunk) {
    try {
      decodeAll(Buffer.buffer(bytes), chunk);
    } catch (YamuxProtocolException expected) {
      // the only failure allowed
    }
  }

  @Property(tries = 2000)
  void mutatedValidStreamsYieldFramesOrAProtocolErrorOnly(@ForAll("validStreams") byte[] valid,
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 64) int chunk) {
    Random random = new Random(seed);
    byte[] mutated = valid.clone();
    for (int i = 0, n = 1 + random.nextInt(4); i < n && mutated.length > 0; i++) {
      mutated[random.nextInt(mutated.length)] ^= (byte) (1 << random.nextInt(8));
    }
    try {
      decodeAll(Buffer.buffer(mutated), chunk);
    } catch (YamuxProtocolException expected) {
      // the only failure allowed
    }
  }

  @Provide
  Arbitrary<byte[]> validStreams() {
    Arbitrary<Buffer> frame = Arbitraries.integers().between(0, 3).flatMap(type -> {
      if (type == Frame.TYPE_DATA) {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(200).map(payload ->
            Frame.encode(Frame.TYPE_DATA, Frame.FLAG_SYN, 1, payload.length, Buffer.buffer(payload)));
      }
      int stream = type == Frame.TYPE_WINDOW_UPDATE ? 1 : 0;
      return Arbitraries.longs().between(0, 0xFFFF_FFFFL).map(length ->
          Frame.encode(type, Frame.FLAG_ACK, stream, length, Frame.EMPTY));
    });
    return frame.list().ofMaxSize(20).map(frames -> {
      Buffer all = Buffer.buffer();
      frames.forEach(all::appendBuffer);
      return all.getBytes();
    });
  }
}
