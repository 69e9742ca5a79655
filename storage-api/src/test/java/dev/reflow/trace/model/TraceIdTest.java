package dev.reflow.trace.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TraceIdTest {

  @Test
  @DisplayName("Trace ids order like their lowercase strings, not like UUID.compareTo")
  void compareTo_highBitSet_ordersUnsignedLikeStrings() {
    TraceId low = TraceId.parse("7fffffff-ffff-ffff-ffff-ffffffffffff");
    TraceId high = TraceId.parse("80000000-0000-0000-0000-000000000000");
    assertThat(low.value().compareTo(high.value())).as("UUID.compareTo is signed").isPositive();
    assertThat(low).isLessThan(high);

    Random random = new Random(42);
    List<TraceId> ids = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      ids.add(TraceId.of(new UUID(random.nextLong(), random.nextLong())));
    }
    List<TraceId> byValue = new ArrayList<>(ids);
    byValue.sort(Comparator.naturalOrder());
    List<TraceId> byString = new ArrayList<>(ids);
    byString.sort(Comparator.comparing(TraceId::toString));
    assertThat(byValue).containsExactlyElementsOf(byString);
  }

  @Test
  @DisplayName("Upper-case and 32-hex ids are read and written lower-case hyphenated")
  void parse_upperCaseAndSimpleForms_normalizesToLowerHyphenated() {
    String expected = "36404882-85bd-4206-817e-b217fb4f7500";
    assertThat(TraceId.parse("36404882-85BD-4206-817E-B217FB4F7500").toString()).isEqualTo(expected);
    assertThat(TraceId.parse("3640488285bd4206817eb217fb4f7500").toString()).isEqualTo(expected);
    assertThat(EventId.parse("{36404882-85bd-4206-817e-b217fb4f7500}").toString()).isEqualTo(expected);
  }

  @Test
  @DisplayName("Malformed ids are rejected with the text in the message")
  void parse_malformed_rejectedNamingTheText() {
    assertThatThrownBy(() -> TraceId.parse("not-a-uuid"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("trace id")
        .hasMessageContaining("not-a-uuid");
    assertThatThrownBy(() -> ExecutionId.parse("36404882-85bd-4206-817e-b217fb4f750g"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ExecutionId.parse("36404882+85bd-4206-817e-b217fb4f7500"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("Ids derived from a counter in both halves spread over a hash table's buckets")
  void hashCode_counterIds_spreadOverBuckets() {
    java.util.Set<Integer> buckets = new java.util.HashSet<>();
    for (long c = 0; c < 1024; c++) {
      int h = TraceId.of(new UUID(0x7ace000000004000L | (c << 16), c)).hashCode();
      buckets.add((h ^ (h >>> 16)) & 4095); // HashMap's index in a table of 4,096 buckets
    }
    assertThat(buckets).as("distinct buckets of 1,024 ids (UUID.hashCode puts them all in one; random ones fill about 900)")
        .hasSizeGreaterThan(800);
    assertThat(TraceId.parse("36404882-85bd-4206-817e-b217fb4f7500"))
        .hasSameHashCodeAs(TraceId.parse("36404882-85BD-4206-817E-B217FB4F7500"));
  }
}
