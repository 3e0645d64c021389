package org.zennet.contracts.chain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;

/**
 * Which logs to follow: those of any of {@code addresses} whose topics match {@code topics} position by
 * position (an empty list at a position matches anything; several entries are alternatives).
 *
 * @param addresses the emitting contracts, 0x-hex; at least one
 * @param topics per topic position, the accepted 32-byte values (0x-hex); topic 0 is the event signature hash
 */
public record LogFilter(List<String> addresses, List<List<String>> topics) {

  public LogFilter {
    if (addresses == null || addresses.isEmpty()) {
      throw new IllegalArgumentException("a log filter needs at least one contract address");
    }
    if (topics.size() > 4) {
      throw new IllegalArgumentException("a log has at most 4 topics, the filter gives " + topics.size());
    }
    addresses = List.copyOf(addresses);
    topics = topics.stream().map(List::copyOf).toList();
  }

  /** The logs of {@code address} with any of the event signature hashes {@code eventTopics} (none: all its logs). */
  public static LogFilter of(String address, String... eventTopics) {
    return new LogFilter(List.of(address), eventTopics.length == 0 ? List.of() : List.of(List.of(eventTopics)));
  }

  /** The filter of {@code eth_getLogs} for blocks {@code from} to {@code to}, both included. */
  EthFilter forRange(long from, long to) {
    EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(java.math.BigInteger.valueOf(from)),
        DefaultBlockParameter.valueOf(java.math.BigInteger.valueOf(to)), addresses);
    for (List<String> position : topics) {
      if (position.isEmpty()) {
        filter.addNullTopic();
      } else {
        filter.addOptionalTopics(position.toArray(String[]::new));
      }
    }
    return filter;
  }

  /** The filter object of {@code eth_subscribe("logs", filter)}. */
  Map<String, Object> forSubscription() {
    Map<String, Object> filter = new LinkedHashMap<>();
    filter.put("address", addresses);
    if (!topics.isEmpty()) {
      List<Object> positions = new ArrayList<>();
      topics.forEach(position -> positions.add(position.isEmpty() ? null : position));
      filter.put("topics", positions);
    }
    return filter;
  }
}
