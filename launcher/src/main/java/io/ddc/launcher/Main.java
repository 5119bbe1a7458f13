package io.ddc.launcher;

/**
 * Entry point of the application jar: {@code java -jar ddc.jar <command> …} (normally through
 * {@code ./ddc}).
 */
public final class Main {
  /** Netty's system property naming its default buffer allocator. */
  static final String NETTY_ALLOCATOR = "io.netty.allocator.type";

  private Main() {}

  /**
   * Runs the {@code ddc} command line and exits with its exit code (long-running commands return on
   * shutdown).
   */
  public static void main(String[] args) {
    // Before any Chronicle class loads: no usage analytics, no banner
    // (docs/decisions/0001-jdk-25.md).
    System.setProperty("chronicle.analytics.disable", "true");
    System.setProperty("chronicle.announcer.disable", "true");
    // Before any Netty class loads: Netty's pooled allocator rather than 4.2's adaptive one, unless
    // the JVM was given a choice (docs/decisions/0007-netty-pooled-allocator-and-one-direct-copy-
    // per-forwarded-chunk.md).
    if (System.getProperty(NETTY_ALLOCATOR) == null) {
      System.setProperty(NETTY_ALLOCATOR, "pooled");
    }
    System.exit(DdcCommand.newCommandLine().execute(args));
  }
}
