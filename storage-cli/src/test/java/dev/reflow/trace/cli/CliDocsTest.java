package dev.reflow.trace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;

/** docs/cli.md's command table lists exactly the commands the command line has. */
@DisplayName("docs/cli.md lists every command")
class CliDocsTest {
  private static final Path CLI_DOC = Path.of("..", "docs", "cli.md");

  @Test
  @DisplayName("The command table has one row per subcommand, and no row for a command that does not exist")
  void commandTable_matchesSubcommands() throws IOException {
    Set<String> commands = new TreeSet<>();
    for (Class<?> c : ReflowTrace.SUBCOMMANDS) {
      commands.add(c.getAnnotation(Command.class).name());
    }
    commands.add("help");

    String doc = Files.readString(CLI_DOC);
    String table = doc.substring(doc.indexOf("## Commands"), doc.indexOf("\n## ", doc.indexOf("## Commands") + 1));
    Set<String> rows = new TreeSet<>();
    Matcher row = Pattern.compile("(?m)^\\| \\[?`([a-z]+)").matcher(table);
    while (row.find()) {
      rows.add(row.group(1));
    }
    assertThat(rows).as("commands in the table of docs/cli.md").isEqualTo(commands);
  }
}
