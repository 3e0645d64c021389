package org.zennet.besu;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.zennet.contracts.AtomicFiles;

/**
 * A record that a command leaves as JSON in the state folder so that a later command finds what it
 * started ({@code chain.json}, {@code besu-network.json}).
 *
 * @param name the file's name in the state folder
 * @param type the record type
 * @param stale what to tell a user whose file cannot be read, e.g. "delete it if no chain is running"
 */
record StateFile<T>(String name, Class<T> type, String stale) {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  Optional<T> read(Path stateDir) throws IOException {
    Path file = stateDir.resolve(name);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(file.toFile(), type));
    } catch (IOException e) {
      throw new IOException("cannot read " + file + " (" + e.getMessage() + "); " + stale, e);
    }
  }

  void write(Path stateDir, T value) throws IOException {
    AtomicFiles.writeString(stateDir.resolve(name), JSON.writeValueAsString(value) + "\n");
  }

  void delete(Path stateDir) throws IOException {
    Files.deleteIfExists(stateDir.resolve(name));
  }
}
