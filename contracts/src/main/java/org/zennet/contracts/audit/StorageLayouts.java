package org.zennet.contracts.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The storage layout of each deployable contract, from the artifacts' {@code storageLayout}. */
public final class StorageLayouts {
  /** One state variable: slot, byte offset in the slot, type, name, and where it is declared. */
  public record Entry(String slot, int offset, String type, String name, String declaredIn) {}

  private StorageLayouts() {}

  /** Per contract (in build order), its state variables in slot order. */
  public static Map<String, List<Entry>> read(Path solidityDir) throws IOException {
    ObjectMapper json = new ObjectMapper();
    Map<String, List<Entry>> out = new LinkedHashMap<>();
    for (String name : AbiCheck.contracts(solidityDir)) {
      JsonNode layout = json.readTree(solidityDir.resolve("artifacts").resolve(name + ".json").toFile())
          .path("storageLayout");
      List<Entry> entries = new ArrayList<>();
      for (JsonNode v : layout.path("storage")) {
        String type = layout.path("types").path(v.path("type").asText()).path("label").asText(v.path("type").asText());
        String contract = v.path("contract").asText();
        entries.add(new Entry(v.path("slot").asText(), v.path("offset").asInt(), type, v.path("label").asText(),
            contract.substring(contract.lastIndexOf(':') + 1)));
      }
      out.put(name, entries);
    }
    return out;
  }
}
