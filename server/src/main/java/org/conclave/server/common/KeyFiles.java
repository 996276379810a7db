package org.conclave.server.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.conclave.server.config.ConclaveProperties;
import org.springframework.stereotype.Component;

/**
 * 256-bit server keys kept as files in {@code <data-dir>/keys/}, outside the database. A key file
 * is made on first use from {@link Secrets#random()}, readable by the server's own user only (0600,
 * in a 0700 directory, where the file system has POSIX permissions), and written atomically so two
 * starts racing cannot end up with two different keys.
 *
 * <p>Losing a key file loses what it protects (TOTP secrets, recovery codes): the keys directory
 * belongs in the backup, but in a different place from the database backup.
 */
@Component
public class KeyFiles {

  public static final int KEY_BYTES = 32;

  private final Path dir;

  public KeyFiles(ConclaveProperties properties) {
    this.dir = properties.dataDir().resolve("keys");
  }

  /** The key stored under {@code name}, made now when it does not exist yet. */
  public synchronized byte[] key(String name) {
    Path file = dir.resolve(name + ".key");
    try {
      if (!Files.exists(file)) {
        create(file);
      }
      byte[] key =
          Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).strip());
      if (key.length != KEY_BYTES) {
        throw new IllegalStateException(
            "The key file " + file + " is damaged: restore it from the backup.");
      }
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read or create the key file " + file, e);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          "The key file " + file + " is damaged: restore it from the backup.", e);
    }
  }

  /** Where the key of this name lives (for operators and tests). */
  public Path path(String name) {
    return dir.resolve(name + ".key");
  }

  private void create(Path file) throws IOException {
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    if (posix) {
      Files.createDirectories(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } else {
      Files.createDirectories(dir);
    }
    byte[] key = new byte[KEY_BYTES];
    Secrets.random().nextBytes(key);
    Path temp =
        posix
            ? Files.createTempFile(
                dir,
                "new-",
                ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
            : Files.createTempFile(dir, "new-", ".tmp");
    try {
      Files.writeString(
          temp, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
      try {
        // A hard link is made atomically and never replaces an existing file: when another
        // process made the key first, theirs wins and this one is thrown away.
        Files.createLink(file, temp);
      } catch (FileAlreadyExistsException e) {
        // Someone else's key is in place; use it.
      } catch (UnsupportedOperationException | IOException e) {
        if (!Files.exists(file)) {
          Files.move(temp, file);
        }
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
