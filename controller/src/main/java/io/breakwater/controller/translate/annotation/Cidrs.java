package io.breakwater.controller.translate.annotation;

/** Syntax of IP addresses and CIDR ranges, checked without resolving anything. */
final class Cidrs {

  private Cidrs() {}

  /** An IPv4 or IPv6 address, with an optional {@code /prefix} within the family's bits. */
  static boolean valid(String text) {
    int slash = text.indexOf('/');
    String address = slash < 0 ? text : text.substring(0, slash);
    boolean v6 = address.indexOf(':') >= 0;
    if (!(v6 ? ipv6(address) : ipv4(address))) {
      return false;
    }
    if (slash < 0) {
      return true;
    }
    String prefix = text.substring(slash + 1);
    if (prefix.isEmpty() || prefix.length() > 3 || !prefix.chars().allMatch(Character::isDigit)) {
      return false;
    }
    return Integer.parseInt(prefix) <= (v6 ? 128 : 32);
  }

  static boolean ipv4(String s) {
    String[] octets = s.split("\\.", -1);
    if (octets.length != 4) {
      return false;
    }
    for (String o : octets) {
      if (o.isEmpty()
          || o.length() > 3
          || !o.chars().allMatch(c -> c >= '0' && c <= '9')
          || Integer.parseInt(o) > 255) {
        return false;
      }
    }
    return true;
  }

  /** Up to eight groups of 1-4 hex digits, one {@code ::} at most, an IPv4 tail allowed. */
  static boolean ipv6(String s) {
    int doubleColon = s.indexOf("::");
    if (doubleColon >= 0 && s.indexOf("::", doubleColon + 1) >= 0) {
      return false;
    }
    String head = doubleColon < 0 ? s : s.substring(0, doubleColon);
    String tail = doubleColon < 0 ? "" : s.substring(doubleColon + 2);
    int groups = 0;
    for (int part = 0; part < 2; part++) {
      String text = part == 0 ? head : tail;
      if (text.isEmpty()) {
        continue;
      }
      // An IPv4 tail may end the address: the last group of the tail, or of the whole.
      boolean endsAddress = part == 1 || doubleColon < 0;
      String[] g = text.split(":", -1);
      for (int i = 0; i < g.length; i++) {
        if (endsAddress && i == g.length - 1 && g[i].indexOf('.') >= 0) {
          if (!ipv4(g[i])) {
            return false;
          }
          groups += 2;
        } else if (g[i].isEmpty() || g[i].length() > 4 || !hex(g[i])) {
          return false;
        } else {
          groups++;
        }
      }
    }
    return doubleColon < 0 ? groups == 8 : groups <= 7;
  }

  private static boolean hex(String s) {
    return s.chars()
        .allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'));
  }
}
