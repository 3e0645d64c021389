package org.zennet.protocol.multistream;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import io.vertx.core.streams.WriteStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.zennet.protocol.multistream.MultistreamException.Reason;
import org.zennet.protocol.varint.UnsignedVarint;

/**
 * multistream-select 1.0 (libp2p connections spec, multiformats/multistream-select).
 *
 * <p>The dialer sends the multistream header and its first proposal at once, then one proposal after
 * each {@code na}. The listener sends its header at once, echoes the first proposal it supports, answers
 * {@code na} to others and lists its protocols on {@code ls}. Both take over the read stream's handlers
 * for the negotiation and leave it paused when done, with the handlers removed; the bytes read past the
 * negotiation come back in {@link Negotiated#remainder()} (use {@link Negotiated#stream}). On failure
 * the caller closes the stream.
 */
public final class MultistreamSelect {
  /** The protocol id of multistream-select itself. */
  public static final String PROTOCOL_ID = "/multistream/1.0.0";
  /** The answer to a protocol that is not available. */
  public static final String NA = "na";
  /** The request for the listener's protocols. */
  public static final String LS = "ls";

  private MultistreamSelect() {}

  /**
   * Negotiates as the dialer (initiator).
   *
   * @param proposals protocols in order of preference
   * @return the agreed protocol and the bytes read past it; fails with {@link MultistreamException}
   */
  public static Future<Negotiated> select(ReadStream<Buffer> in, WriteStream<Buffer> out, List<String> proposals, MultistreamConfig config) {
    if (proposals.isEmpty()) {
      throw new IllegalArgumentException("at least one protocol to propose");
    }
    for (String p : proposals) {
      checkProtocolId(p, config);
    }
    return new Dialer(in, out, List.copyOf(proposals), config).start();
  }

  /**
   * Negotiates as the listener (responder).
   *
   * @param supported the protocols we accept
   * @return the agreed protocol and the bytes read past it; fails with {@link MultistreamException}
   */
  public static Future<Negotiated> listen(ReadStream<Buffer> in, WriteStream<Buffer> out, Collection<String> supported, MultistreamConfig config) {
    for (String p : supported) {
      checkProtocolId(p, config);
    }
    return new Listener(in, out, List.copyOf(supported), config).start();
  }

  private static void checkProtocolId(String id, MultistreamConfig config) {
    int len = id.getBytes(StandardCharsets.UTF_8).length + 1;
    if (id.isEmpty() || id.indexOf('\n') >= 0 || len > config.maxLineLength() || id.equals(NA) || id.equals(LS) || id.equals(PROTOCOL_ID)) {
      throw new IllegalArgumentException("not a usable protocol id: '" + id + "'");
    }
  }

  /** Shared plumbing: handlers, line reading, completion. */
  private abstract static class Negotiation {
    final ReadStream<Buffer> in;
    final WriteStream<Buffer> out;
    final LineReader reader;
    final MultistreamConfig config;
    final Promise<Negotiated> result = Promise.promise();
    boolean done;

    Negotiation(ReadStream<Buffer> in, WriteStream<Buffer> out, MultistreamConfig config) {
      this.in = in;
      this.out = out;
      this.config = config;
      this.reader = new LineReader(config.maxLineLength());
    }

    Future<Negotiated> start() {
      in.exceptionHandler(e -> fail(new MultistreamException(Reason.CLOSED, "stream failed during negotiation: " + e.getMessage(), e)));
      in.endHandler(v -> fail(new MultistreamException(Reason.CLOSED, "stream ended during negotiation")));
      in.handler(this::onData);
      begin();
      in.resume();
      return result.future();
    }

    abstract void begin();

    /** @return the agreed protocol when this message (after the header) ends the negotiation, else null */
    abstract String onMessage(String message) throws MultistreamException;

    private boolean headerSeen;

    private String onLine(String line) throws MultistreamException {
      if (headerSeen) {
        return onMessage(line);
      }
      if (!line.equals(PROTOCOL_ID)) {
        throw new MultistreamException(Reason.PROTOCOL_ERROR, "expected the header " + PROTOCOL_ID + ", got '" + abbreviate(line) + "'");
      }
      headerSeen = true;
      return null;
    }

    private void onData(Buffer data) {
      if (done) {
        return;
      }
      reader.append(data);
      try {
        String line;
        while (!done && (line = reader.next()) != null) {
          String agreed = onLine(line);
          if (agreed != null) {
            succeed(agreed);
          }
        }
      } catch (MultistreamException e) {
        fail(e);
      }
    }

    void write(Buffer b) {
      out.write(b).onFailure(e -> fail(new MultistreamException(Reason.CLOSED, "write failed during negotiation: " + e.getMessage(), e)));
    }

    private void detach() {
      done = true;
      in.pause();
      in.handler(null);
      in.endHandler(null);
      in.exceptionHandler(null);
    }

    private void succeed(String protocol) {
      detach();
      result.tryComplete(new Negotiated(protocol, reader.remainder()));
    }

    void fail(MultistreamException e) {
      if (!done) {
        detach();
      }
      result.tryFail(e);
    }
  }

  private static final class Dialer extends Negotiation {
    private final List<String> proposals;
    private int current;

    Dialer(ReadStream<Buffer> in, WriteStream<Buffer> out, List<String> proposals, MultistreamConfig config) {
      super(in, out, config);
      this.proposals = proposals;
    }

    @Override
    void begin() {
      write(LineReader.frame(PROTOCOL_ID).appendBuffer(LineReader.frame(proposals.get(0))));
    }

    @Override
    String onMessage(String message) throws MultistreamException {
      String proposed = proposals.get(current);
      if (message.equals(proposed)) {
        return proposed;
      }
      if (!message.equals(NA)) {
        throw new MultistreamException(Reason.PROTOCOL_ERROR, "expected '" + proposed + "' or na, got '" + abbreviate(message) + "'");
      }
      if (++current == proposals.size()) {
        throw new MultistreamException(Reason.NO_PROTOCOL_AGREED, "the listener supports none of " + proposals);
      }
      write(LineReader.frame(proposals.get(current)));
      return null;
    }
  }

  private static final class Listener extends Negotiation {
    private final List<String> supported;
    private int proposals;

    Listener(ReadStream<Buffer> in, WriteStream<Buffer> out, List<String> supported, MultistreamConfig config) {
      super(in, out, config);
      this.supported = supported;
    }

    @Override
    void begin() {
      write(LineReader.frame(PROTOCOL_ID));
    }

    @Override
    String onMessage(String message) throws MultistreamException {
      if (++proposals > config.maxProposals()) {
        throw new MultistreamException(Reason.TOO_MANY_PROPOSALS, "more than " + config.maxProposals() + " proposals");
      }
      if (supported.contains(message)) {
        write(LineReader.frame(message));
        return message;
      }
      write(message.equals(LS) ? listing() : LineReader.frame(NA));
      return null;
    }

    /** One message whose text is the framed protocol ids, as go-multistream writes it. */
    private Buffer listing() {
      Buffer body = Buffer.buffer();
      List<String> ids = new ArrayList<>(supported);
      for (String id : ids) {
        body.appendBuffer(LineReader.frame(id));
      }
      body.appendByte((byte) '\n');
      return UnsignedVarint.append(Buffer.buffer(), body.length()).appendBuffer(body);
    }
  }

  static String abbreviate(String s) {
    String printable = s.replaceAll("\\p{Cntrl}", "?");
    return printable.length() <= 64 ? printable : printable.substring(0, 64) + "...";
  }
}
