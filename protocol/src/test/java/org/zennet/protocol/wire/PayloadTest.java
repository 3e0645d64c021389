package org.zennet.protocol.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.zennet.protocol.wire.messages.PayloadChunk;

class PayloadTest {
  private static byte[] sha256(Buffer data) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(data.getBytes());
  }

  private static Buffer random(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return Buffer.buffer(bytes);
  }

  @Test
  void aPayloadTravelsInChunksAndIsVerified() throws Exception {
    Buffer payload = random(1_000_000);
    PayloadReceiver.InMemory in = PayloadReceiver.inMemory(payload.length(), sha256(payload), WireConfig.DEFAULT);
    List<Integer> sizes = new ArrayList<>();
    Future<byte[]> sent = PayloadSender.send(payload, WireConfig.DEFAULT_CHUNK_SIZE, chunk -> {
      sizes.add(chunk.getData().size());
      return in.receiver().accept(chunk);
    });
    assertThat(sent.result()).isEqualTo(sha256(payload));
    assertThat(in.receiver().completion().succeeded()).isTrue();
    assertThat(in.bytes()).isEqualTo(payload);
    assertThat(sizes).allMatch(size -> size <= WireConfig.DEFAULT_CHUNK_SIZE).hasSize(16);
  }

  @Test
  void aHashMismatchIsDetectedAtTheEnd() throws Exception {
    Buffer payload = random(200_000);
    byte[] wrong = sha256(random(10));
    PayloadReceiver.InMemory in = PayloadReceiver.inMemory(payload.length(), wrong, WireConfig.DEFAULT);
    PayloadSender.send(payload, 65_536, chunk -> in.receiver().accept(chunk));
    assertThat(in.receiver().completion().cause()).isInstanceOf(PayloadHashMismatchException.class);
  }

  @Test
  void moreBytesThanAnnouncedAreRejectedAsTheyArrive() throws Exception {
    Buffer payload = random(100);
    PayloadReceiver.InMemory in = PayloadReceiver.inMemory(50, sha256(payload), WireConfig.DEFAULT);
    Future<Void> first = in.receiver().accept(PayloadChunk.newBuilder()
        .setData(ByteString.copyFrom(payload.getBytes())).build());
    assertThat(first.cause()).isInstanceOf(MessageTooLargeException.class);
    assertThat(in.bytes().length()).isZero();
    assertThat(in.receiver().completion().failed()).isTrue();
  }

  @Test
  void fewerBytesThanAnnouncedFailAtTheLastChunk() throws Exception {
    Buffer payload = random(100);
    PayloadReceiver.InMemory in = PayloadReceiver.inMemory(101, sha256(payload), WireConfig.DEFAULT);
    in.receiver().accept(PayloadChunk.newBuilder().setData(ByteString.copyFrom(payload.getBytes())).setLast(true).build());
    assertThat(in.receiver().completion().cause()).isInstanceOf(PayloadHashMismatchException.class)
        .hasMessageContaining("101 were announced");
  }

  @Test
  void aPayloadAboveTheInMemoryCapIsRefusedBeforeAnyChunk() {
    WireConfig config = new WireConfig(WireConfig.DEFAULT_MAX_MESSAGE_SIZE, WireConfig.DEFAULT_CHUNK_SIZE, 1024);
    assertThatThrownBy(() -> PayloadReceiver.inMemory(1025, new byte[32], config))
        .isInstanceOf(MessageTooLargeException.class);
  }

  @Test
  void anEmptyPayloadIsOneLastChunk() throws Exception {
    Buffer empty = Buffer.buffer();
    PayloadReceiver.InMemory in = PayloadReceiver.inMemory(0, sha256(empty), WireConfig.DEFAULT);
    PayloadSender.send(empty, 10, chunk -> in.receiver().accept(chunk));
    assertThat(in.receiver().completion().succeeded()).isTrue();
  }
}
