package org.zennet.runtime;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Prepared modules by SHA-256, least recently used dropped past {@code capacity}. Thread-safe. */
final class ModuleCache {
  private final int capacity;
  private final LinkedHashMap<String, PreparedModule> entries;

  ModuleCache(int capacity) {
    this.capacity = capacity;
    this.entries = new LinkedHashMap<>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, PreparedModule> eldest) {
        return size() > ModuleCache.this.capacity;
      }
    };
  }

  synchronized Optional<PreparedModule> get(String sha256) {
    return Optional.ofNullable(entries.get(sha256));
  }

  synchronized void put(PreparedModule module) {
    entries.put(module.sha256(), module);
  }

  synchronized int size() {
    return entries.size();
  }
}
