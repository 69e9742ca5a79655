package dev.reflow.trace.storage.tck;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * storage-bom has no parent (so that importing it pins only our artifacts and the TCK's test
 * stack); this keeps it equal to the build: the same version, every published module, and the
 * JUnit and AssertJ versions the parent compiles and tests the TCK with.
 */
class BomConsistencyTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  @DisplayName("storage-bom lists every module at the project's version, with the zstd-jni, JUnit and AssertJ the build uses")
  void bom_matchesTheBuild() throws Exception {
    String parent = Files.readString(ROOT.resolve("pom.xml"));
    String bom = Files.readString(ROOT.resolve("storage-bom/pom.xml"));
    assertThat(first(bom, "<artifactId>storage-bom</artifactId>\\s*<version>([^<]+)</version>"))
        .as("storage-bom's version").isEqualTo(first(parent, "<artifactId>reflow-trace-storage-parent</artifactId>\\s*<version>([^<]+)</version>"));
    for (String module : all(parent, "<module>(storage-[a-z]+)</module>")) {
      if (!module.equals("storage-bom") && !module.equals("storage-bench")) {
        assertThat(bom).as("storage-bom manages %s", module).contains("<artifactId>" + module + "</artifactId>");
      }
    }
    assertThat(first(bom, "<junit.version>([^<]+)</junit.version>")).as("JUnit in storage-bom")
        .isEqualTo(first(parent, "<junit.version>([^<]+)</junit.version>"));
    assertThat(first(bom, "<assertj.version>([^<]+)</assertj.version>")).as("AssertJ in storage-bom")
        .isEqualTo(first(parent, "<assertj.version>([^<]+)</assertj.version>"));
    assertThat(first(bom, "<zstd-jni.version>([^<]+)</zstd-jni.version>")).as("zstd-jni in storage-bom")
        .isEqualTo(first(parent, "<zstd-jni.version>([^<]+)</zstd-jni.version>"));
  }

  private static String first(String xml, String regex) {
    Matcher m = Pattern.compile(regex).matcher(xml);
    assertThat(m.find()).as("%s in the pom", regex).isTrue();
    return m.group(1);
  }

  private static List<String> all(String xml, String regex) {
    List<String> found = new ArrayList<>();
    Matcher m = Pattern.compile(regex).matcher(xml);
    while (m.find()) {
      found.add(m.group(1));
    }
    assertThat(found).as("%s in the pom", regex).isNotEmpty();
    return found;
  }
}
