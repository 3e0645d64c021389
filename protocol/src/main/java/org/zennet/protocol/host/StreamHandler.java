package org.zennet.protocol.host;

import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Receives the inbound streams of one protocol, after multistream-select agreed on it. */
@FunctionalInterface
public interface StreamHandler {

  /**
   * Takes over {@code stream}: set its handlers (it flows once a data handler is set) or wrap it in a
   * {@link MessageStream}. Called on the stream's context; must not block. An exception thrown here
   * resets the stream.
   */
  void handle(PeerStream stream);

  /**
   * Passes on only the streams of peers whose key is an Ethereum account {@code accounts} accepts
   * (secp256k1 PeerIds; see {@link org.zennet.protocol.identity.PeerId#ethereumAddress()}); others are
   * reset with a logged reason. For protocols whose peer claims an account, such as the job's
   * publisher or a provider's bid account.
   *
   * @param accounts tests {@code 0x} + 40 lower-case hex digits
   */
  static StreamHandler forAccounts(Predicate<String> accounts, StreamHandler handler) {
    Logger log = LoggerFactory.getLogger(StreamHandler.class);
    return stream -> {
      String account = stream.remotePeerId().ethereumAddress().orElse(null);
      if (account == null || !accounts.test(account)) {
        log.info("Reset {} stream from {}: {}", stream.protocol(), stream.remotePeerId(),
            account == null ? "its key is not an Ethereum (secp256k1) key" : "account " + account + " is not one this protocol accepts");
        stream.reset();
        return;
      }
      handler.handle(stream);
    };
  }
}
