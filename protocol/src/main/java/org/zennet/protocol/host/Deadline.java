package org.zennet.protocol.host;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/** A future that fails with {@link TimeoutException} when {@code work} takes longer than allowed. */
final class Deadline {
  private Deadline() {}

  /**
   * @param onTimeout runs when the deadline passes first (resets the stream, closes the socket...)
   */
  static <T> Future<T> of(Vertx vertx, Future<T> work, Duration timeout, String what, Runnable onTimeout) {
    Promise<T> result = Promise.promise();
    long timer = vertx.setTimer(timeout.toMillis(), id -> {
      if (result.tryFail(new TimeoutException(what + " took longer than " + timeout))) {
        onTimeout.run();
      }
    });
    work.onComplete(ar -> {
      vertx.cancelTimer(timer);
      if (ar.succeeded()) {
        result.tryComplete(ar.result());
      } else {
        result.tryFail(ar.cause());
      }
    });
    return result.future();
  }
}
