package io.breakwater.dataplane.runtime;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.Set;

/**
 * The file of a Unix-socket listener. As HAProxy does, the socket is bound under a temporary name,
 * given its mode and owner, and only then renamed into place: nobody can connect while the file
 * still has the process's default permissions.
 */
final class UnixSocketFile {
  private UnixSocketFile() {}

  /**
   * Makes way for a new socket at {@code path}: a stale socket file (nobody accepts on it) is
   * deleted; a live one, or a file that is not a socket, is left alone and refused.
   *
   * @throws IOException saying why the path cannot be used
   */
  static void clearStale(Path path) throws IOException {
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (java.nio.file.NoSuchFileException e) {
      return;
    }
    if (!attrs.isOther()) {
      throw new IOException(path + " exists and is not a socket");
    }
    try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      probe.connect(UnixDomainSocketAddress.of(path));
      throw new IOException(path + " is in use by a running process");
    } catch (java.net.ConnectException refused) {
      Files.deleteIfExists(path);
    }
  }

  /** The temporary name a socket is bound under before {@link #publish}. */
  static Path temporary(Path path) {
    return path.resolveSibling(path.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
  }

  /**
   * Gives the bound socket file its mode (e.g. {@code 0600}) and owner, then moves it to its name.
   *
   * @param owner a user name, or {@code null} to keep the process's user
   */
  static void publish(Path temporary, Path path, int mode, String owner) throws IOException {
    Files.setPosixFilePermissions(temporary, permissions(mode));
    if (owner != null) {
      PosixFileAttributeView view =
          Files.getFileAttributeView(temporary, PosixFileAttributeView.class);
      UserPrincipal user =
          temporary.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(owner);
      view.setOwner(user);
    }
    Files.move(
        temporary, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** The permissions of an octal mode's lower nine bits. */
  static Set<PosixFilePermission> permissions(int mode) {
    PosixFilePermission[] bits = {
      PosixFilePermission.OTHERS_EXECUTE,
      PosixFilePermission.OTHERS_WRITE,
      PosixFilePermission.OTHERS_READ,
      PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.GROUP_WRITE,
      PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE,
      PosixFilePermission.OWNER_WRITE,
      PosixFilePermission.OWNER_READ
    };
    Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
    for (int i = 0; i < bits.length; i++) {
      if ((mode & (1 << i)) != 0) {
        out.add(bits[i]);
      }
    }
    return out;
  }
}
