package io.ddc.launcher;

/**
 * Entry point of the application jar: {@code java -jar ddc.jar <command> …} (normally through
 * {@code ./ddc}).
 */
public final class Main {
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
    System.exit(DdcCommand.newCommandLine().execute(args));
  }
}
