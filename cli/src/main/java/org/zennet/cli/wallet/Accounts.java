package org.zennet.cli.wallet;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.web3j.crypto.exception.CipherException;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.crypto.WalletUtils;
import org.zennet.cli.UserError;

/** Accounts given on the command line: an address, or a keystore file. */
public final class Accounts {
  /** Keystore files are a few hundred bytes; anything much larger is not one. */
  private static final long MAX_KEYSTORE_BYTES = 64 * 1024;

  private Accounts() {}

  /** A checksummed address from {@code text}, which is an address or the path of a keystore file. */
  public static String address(String text) {
    if (text.startsWith("0x") || text.startsWith("0X")) {
      return checkedAddress(text, "account");
    }
    Path file = Path.of(text);
    if (!Files.isRegularFile(file)) {
      throw new UserError("'" + text + "' is neither a 0x address nor a keystore file");
    }
    try {
      checkSize(file);
      String address = new ObjectMapper().readTree(file.toFile()).path("address").asText("");
      return checkedAddress("0x" + address.replaceFirst("^0x", ""), "address in " + file);
    } catch (IOException e) {
      throw new UserError(file + " is not a keystore file: " + e.getMessage());
    }
  }

  public static String checkedAddress(String text, String what) {
    if (!text.startsWith("0x") || !WalletUtils.isValidAddress(text)) {
      throw new UserError(what + " is not a 0x-prefixed 20-byte hex address: '" + text + "'");
    }
    return Keys.toChecksumAddress(text);
  }

  /** Decrypts a keystore file. */
  public static Credentials unlock(Path keystore, PasswordOptions password) {
    if (!Files.isRegularFile(keystore)) {
      throw new UserError("no keystore file at " + keystore);
    }
    try {
      checkSize(keystore);
      return WalletUtils.loadCredentials(password.read("Password for " + keystore.getFileName(), false), keystore.toFile());
    } catch (CipherException e) {
      throw new UserError("cannot unlock " + keystore + ": wrong password or damaged file (" + e.getMessage() + ")");
    } catch (IOException | RuntimeException e) {
      if (e instanceof UserError u) {
        throw u;
      }
      throw new UserError(keystore + " is not a readable keystore file: " + e.getMessage());
    }
  }

  private static void checkSize(Path file) throws IOException {
    if (Files.size(file) > MAX_KEYSTORE_BYTES) {
      throw new UserError(file + " is " + Files.size(file) + " bytes: too large to be a keystore file");
    }
  }
}
