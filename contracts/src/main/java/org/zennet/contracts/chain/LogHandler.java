package org.zennet.contracts.chain;

import org.web3j.protocol.core.methods.response.Log;

/** Receives the logs an {@link EventFollower} delivers, one at a time, in chain order. */
@FunctionalInterface
public interface LogHandler {

  /**
   * Handles {@code log}; persist {@code cursor} together with its effects (one database transaction) to
   * resume after it. If this throws, the log is delivered again later (after a back-off), and nothing
   * after it is delivered before it.
   */
  void onLog(Log log, Cursor cursor) throws Exception;
}
