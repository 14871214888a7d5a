package io.breakwater.dataplane.route;

/**
 * Index arithmetic over an HTTP/1.1 request-target as received (RFC 9112 §3.2), done in place so
 * the hot path never allocates. The four forms are told apart by their first characters:
 *
 * <ul>
 *   <li>origin-form {@code /path?query}: the path starts at 0;
 *   <li>absolute-form {@code scheme://authority/path?query}: the path starts after the authority
 *       and may be empty ({@code http://h?q}), which stands for {@code /} (RFC 9112 §3.2.1);
 *   <li>authority-form {@code host:port} (CONNECT) and asterisk-form {@code *} (server-wide
 *       OPTIONS): there is no path, {@link #pathStart} returns {@link #NO_PATH}.
 * </ul>
 *
 * <p>Nothing is decoded or normalized: percent-escapes and dot-segments stay as sent, so routing
 * sees the same bytes the backend will.
 */
public final class RequestTarget {

  /** What {@link #pathStart} returns for a target that has no path. */
  public static final int NO_PATH = -1;

  private RequestTarget() {}

  /**
   * Index of the first character of the path of {@code target}: 0 for origin-form, the end of the
   * authority for absolute-form (where the path may be empty), or {@link #NO_PATH} for
   * authority-form, asterisk-form, an empty target and anything else that is not a request path.
   */
  public static int pathStart(CharSequence target) {
    if (target.length() == 0) {
      return NO_PATH;
    }
    if (target.charAt(0) == '/') {
      return 0;
    }
    int authority = authorityStart(target);
    return authority < 0 ? NO_PATH : authorityEnd(target, authority);
  }

  /**
   * Index just past the path that starts at {@code pathStart}: the first {@code ?} or {@code #}, or
   * the length of {@code target}.
   */
  public static int pathEnd(CharSequence target, int pathStart) {
    int len = target.length();
    for (int i = pathStart; i < len; i++) {
      char c = target.charAt(i);
      if (c == '?' || c == '#') {
        return i;
      }
    }
    return len;
  }

  /**
   * Index of the first character of the authority when {@code target} is in absolute-form ({@code
   * scheme "://"} where the scheme is {@code ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )}), else -1.
   */
  public static int authorityStart(CharSequence target) {
    int len = target.length();
    if (len == 0 || !isAlpha(target.charAt(0))) {
      return -1;
    }
    for (int i = 1; i < len; i++) {
      char c = target.charAt(i);
      if (c == ':') {
        boolean slashes = i + 2 < len && target.charAt(i + 1) == '/' && target.charAt(i + 2) == '/';
        return slashes ? i + 3 : -1;
      }
      if (!(isAlpha(c) || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.')) {
        return -1;
      }
    }
    return -1;
  }

  /**
   * Index just past the authority that starts at {@code authorityStart}: the first {@code /},
   * {@code ?} or {@code #}, or the length of {@code target}.
   */
  public static int authorityEnd(CharSequence target, int authorityStart) {
    int len = target.length();
    for (int i = authorityStart; i < len; i++) {
      char c = target.charAt(i);
      if (c == '/' || c == '?' || c == '#') {
        return i;
      }
    }
    return len;
  }

  /**
   * The authority of an absolute-form target ({@code host}, {@code host:port}, possibly with
   * userinfo), or {@code null} for the other forms. Allocates; for the caller that must replace the
   * Host header as RFC 9112 §3.2.2 requires, not for per-request routing.
   */
  public static String authority(CharSequence target) {
    int start = authorityStart(target);
    return start < 0 ? null : target.subSequence(start, authorityEnd(target, start)).toString();
  }

  /**
   * The path of {@code target} without query or fragment; {@code /} for an absolute-form target
   * with an empty path; {@code null} when there is no path. Allocates.
   */
  public static String path(CharSequence target) {
    int start = pathStart(target);
    if (start == NO_PATH) {
      return null;
    }
    int end = pathEnd(target, start);
    return start == end ? "/" : target.subSequence(start, end).toString();
  }

  private static boolean isAlpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
}
