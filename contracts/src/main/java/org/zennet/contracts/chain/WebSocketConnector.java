package org.zennet.contracts.chain;

import java.io.IOException;
import java.net.URI;
import org.web3j.protocol.websocket.WebSocketService;

/** Opens WebSocket JSON-RPC connections; tests substitute one that can cut them. */
@FunctionalInterface
interface WebSocketConnector {

  /** The default: Web3j's {@link WebSocketService}, connected. */
  WebSocketConnector WEB3J = url -> {
    WebSocketService service = new WebSocketService(url.toString(), false);
    try {
      service.connect();
      return service;
    } catch (IOException | RuntimeException e) {
      service.close();
      throw new IOException("cannot open the WebSocket " + url + ": " + e.getMessage(), e);
    }
  };

  /** A connected service; the caller closes it. */
  WebSocketService connect(URI url) throws IOException;
}
