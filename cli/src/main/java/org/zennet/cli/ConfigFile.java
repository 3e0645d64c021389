package org.zennet.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads a YAML configuration file (an agent's config, a job) into its immutable record. The record's
 * compact constructor validates; whatever is wrong is reported as a {@link UserError} naming the file, the
 * field and the line: an unknown or mistyped field, a missing value, a rule a constructor enforces.
 *
 * <p>Beyond plain Jackson: durations may be written {@code 250ms}, {@code 30s}, {@code 5m}, {@code 2h}
 * (or ISO-8601, or a bare number of seconds); relative paths are resolved against the file's folder, so
 * a config works from wherever the command runs.
 */
public final class ConfigFile {
  /** Configuration files larger than this are refused before parsing. */
  public static final long MAX_BYTES = 1 << 20;
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

  private ConfigFile() {}

  /**
   * Reads {@code file} as a {@code type}.
   *
   * @throws UserError when the file is missing, too large, not YAML, or breaks a rule of {@code type}
   */
  public static <T> T read(Path file, Class<T> type) {
    if (!Files.isRegularFile(file)) {
      throw new UserError("no such file: " + file);
    }
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw new UserError(file + " is " + Files.size(file) + " bytes; a configuration file is at most " + MAX_BYTES);
      }
      return mapper(file.toAbsolutePath().getParent()).readValue(file.toFile(), type);
    } catch (ValueInstantiationException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new UserError(where(file, e) + cause.getMessage());
    } catch (UnrecognizedPropertyException e) {
      throw new UserError(where(file, e) + "unknown field '" + e.getPropertyName() + "' (known: "
          + e.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.joining(", ")) + ")");
    } catch (JsonMappingException e) {
      throw new UserError(where(file, e) + e.getOriginalMessage());
    } catch (JsonProcessingException e) {
      throw new UserError(file + ": not valid YAML: " + e.getOriginalMessage()
          + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ")" : ""));
    } catch (IOException e) {
      throw new UserError("cannot read " + file + ": " + e.getMessage());
    }
  }

  private static String where(Path file, JsonMappingException e) {
    String field = e.getPath().stream()
        .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining(".")).replace(".[", "[");
    // no line number: after a mapping error the YAML parser's location is past the value, not at it
    return file + ": " + (field.isEmpty() ? "" : "field '" + field + "': ");
  }

  static ObjectMapper mapper(Path baseDir) {
    SimpleModule module = new SimpleModule("zennet-config");
    module.addDeserializer(Duration.class, new JsonDeserializer<>() {
      @Override
      public Duration deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
        String text = p.getValueAsString();
        if (text == null) {
          return (Duration) ctx.handleUnexpectedToken(Duration.class, p);
        }
        return parseDuration(text.trim(), ctx);
      }
    });
    module.addDeserializer(Path.class, new JsonDeserializer<>() {
      @Override
      public Path deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
        if (!p.currentToken().isScalarValue()) {
          return (Path) ctx.handleUnexpectedToken(Path.class, p);
        }
        String text = p.getValueAsString();
        if (text == null || text.isBlank()) {
          throw ctx.weirdStringException(text, Path.class, "a path must not be empty");
        }
        Path path = Path.of(text.startsWith("~/") ? System.getProperty("user.home") + text.substring(1) : text);
        return path.isAbsolute() ? path : baseDir.resolve(path).normalize();
      }
    });
    return new ObjectMapper(new YAMLFactory())
        .registerModule(module)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
        .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY);
  }

  private static Duration parseDuration(String text, DeserializationContext ctx) throws IOException {
    Matcher m = DURATION.matcher(text.toLowerCase(Locale.ROOT));
    try {
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          default -> Duration.ofHours(n);
        };
      }
      if (text.matches("\\d+")) {
        return Duration.ofSeconds(Long.parseLong(text));
      }
      return Duration.parse(text);
    } catch (RuntimeException e) {
      throw ctx.weirdStringException(text, Duration.class,
          "a duration is a number with ms, s, m or h (250ms, 30s, 5m, 2h), or ISO-8601 (PT30S)");
    }
  }
}
