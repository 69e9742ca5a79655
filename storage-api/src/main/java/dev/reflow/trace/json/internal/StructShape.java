package dev.reflow.trace.json.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * How one Rust struct is read, field by field and by name, with serde-derive semantics: in map
 * form unknown keys are skipped, a repeated field is an error, a missing field is an error unless
 * it is an {@code Option} (then None) or {@code #[serde(default)]} (then its default); in sequence
 * form ({@code [v1, v2, …]}) the fields come in declaration order and only defaulted ones may be
 * left out.
 *
 * <p>Each field is declared once, with its JSON name, its {@link Presence}, its reader and the
 * constructor argument it feeds: {@link Builder#required} and friends return a typed {@link Field},
 * and the record is built from {@code field.from(values)}, so the compiler checks that each reader
 * produces what its record component takes.
 *
 * <pre>{@code
 * StructShape.declare("FlowVersion", s -> {
 *   Field<Long> major = s.required("major", Scalars::u32);
 *   ...
 *   return v -> new FlowVersion(major.from(v), ...);
 * });
 * }</pre>
 */
final class StructShape<T> implements ValueReader<T> {
  /** What a field missing from the input becomes. */
  enum Presence {
    /** An error: {@code missing field `x`}. */
    REQUIRED,
    /** A plain {@code Option}: None in map form; still required in sequence form. Null reads as None. */
    OPTION,
    /** {@code #[serde(default)]}: the field's default in both forms. */
    DEFAULT
  }

  /** One field: JSON name, presence, reader, and its slot in the values the constructor receives. */
  static final class Field<V> {
    final String name;
    final Presence presence;
    final ValueReader<V> reader;
    /** Whether JSON null reads as null without calling the reader (an {@code Option}). */
    final boolean nullable;
    final V defaultValue;
    private final int index;

    private Field(String name, Presence presence, ValueReader<V> reader, boolean nullable, V defaultValue,
        int index) {
      this.name = name;
      this.presence = presence;
      this.reader = reader;
      this.nullable = nullable;
      this.defaultValue = defaultValue;
      this.index = index;
    }

    /** This field's value among the values read for its struct. */
    @SuppressWarnings("unchecked")
    V from(Object[] values) {
      return (V) values[index];
    }
  }

  /** Builds the struct from the values read, each obtained with {@link Field#from}. */
  @FunctionalInterface
  interface Constructor<T> {
    /** May throw {@link IllegalArgumentException} for values the model rejects: reported as a format error. */
    T build(Object[] values);
  }

  /** Declares the fields, in Rust declaration order (the order of the sequence form). */
  static final class Builder {
    private final List<Field<?>> fields = new ArrayList<>();

    /** A field that must be present. */
    <V> Field<V> required(String name, ValueReader<V> reader) {
      return add(new Field<>(name, Presence.REQUIRED, reader, false, null, fields.size()));
    }

    /** An {@code Option<V>}: null or missing (in map form) is null. */
    <V> Field<V> option(String name, ValueReader<V> reader) {
      return add(new Field<>(name, Presence.OPTION, reader, true, null, fields.size()));
    }

    /** A {@code #[serde(default)]} field: missing is {@code defaultValue}. */
    <V> Field<V> defaulted(String name, ValueReader<V> reader, V defaultValue) {
      return add(new Field<>(name, Presence.DEFAULT, reader, false, defaultValue, fields.size()));
    }

    /** A {@code #[serde(default)] Option<V>} field: null or missing is null. */
    <V> Field<V> defaultedOption(String name, ValueReader<V> reader) {
      return add(new Field<>(name, Presence.DEFAULT, reader, true, null, fields.size()));
    }

    private <V> Field<V> add(Field<V> f) {
      for (Field<?> other : fields) {
        if (other.name.equals(f.name)) {
          throw new IllegalArgumentException("field declared twice: " + f.name);
        }
      }
      fields.add(f);
      return f;
    }
  }

  /** Declares the fields of one struct. */
  @FunctionalInterface
  interface Declaration<T> {
    Constructor<T> declare(Builder fields);
  }

  /** Rust's name in serde's errors, e.g. {@code FlowTrace} or {@code variant ExecutionStatus::Failed}. */
  final String rustName;
  private final Field<?>[] fields;
  /** Field names, interned (string literals), for matching Jackson's interned keys by identity. */
  private final String[] names;
  private final Constructor<T> constructor;

  private StructShape(String rustName, List<Field<?>> fields, Constructor<T> constructor) {
    if (fields.size() > 64) {
      throw new IllegalArgumentException(rustName + ": more than 64 fields");
    }
    this.rustName = rustName;
    this.fields = fields.toArray(new Field<?>[0]);
    this.names = new String[this.fields.length];
    for (int i = 0; i < names.length; i++) {
      names[i] = this.fields[i].name.intern();
    }
    this.constructor = constructor;
  }

  static <T> StructShape<T> declare(String rustName, Declaration<T> declaration) {
    Builder b = new Builder();
    Constructor<T> constructor = declaration.declare(b);
    return new StructShape<>(rustName, b.fields, constructor);
  }

  /** The JSON field names in declaration order. */
  List<String> fieldNames() {
    return List.of(names);
  }

  @Override
  public T read(JsonCursor c) throws IOException {
    JsonToken t = c.p.currentToken();
    Object[] values = new Object[fields.length];
    if (t == JsonToken.START_OBJECT) {
      readMap(c, values);
    } else if (t == JsonToken.START_ARRAY) {
      readSequence(c, values);
    } else {
      throw c.invalidType("struct " + rustName);
    }
    try {
      return constructor.build(values);
    } catch (IllegalArgumentException e) {
      throw c.fail(e.getMessage(), c.p.currentTokenLocation(), e);
    }
  }

  private void readMap(JsonCursor c, Object[] values) throws IOException {
    JsonParser p = c.p;
    long seen = 0;
    String name;
    while ((name = p.nextFieldName()) != null) {
      int i = indexOf(name);
      if (i >= 0 && (seen & (1L << i)) != 0) {
        throw c.fail("duplicate field `" + name + "`");
      }
      p.nextToken();
      if (i < 0) {
        p.skipChildren();
        continue;
      }
      seen |= 1L << i;
      values[i] = value(c, fields[i]);
    }
    if (p.currentToken() != JsonToken.END_OBJECT) {
      throw c.invalidType("a field name");
    }
    for (int i = 0; i < fields.length; i++) {
      if ((seen & (1L << i)) == 0) {
        Field<?> f = fields[i];
        if (f.presence == Presence.REQUIRED) {
          throw c.fail("missing field `" + f.name + "`");
        }
        values[i] = f.defaultValue;
      }
    }
  }

  private void readSequence(JsonCursor c, Object[] values) throws IOException {
    JsonParser p = c.p;
    for (int i = 0; i < fields.length; i++) {
      Field<?> f = fields[i];
      if (p.nextToken() == JsonToken.END_ARRAY) {
        // serde asks the closed sequence for each remaining field: defaults fill in, others fail.
        for (int j = i; j < fields.length; j++) {
          if (fields[j].presence != Presence.DEFAULT) {
            throw c.fail("invalid length " + j + ", expected struct " + rustName + " with "
                + fields.length + " elements");
          }
          values[j] = fields[j].defaultValue;
        }
        return;
      }
      values[i] = value(c, f);
    }
    if (p.nextToken() != JsonToken.END_ARRAY) {
      throw c.fail("trailing elements: expected struct " + rustName + " with " + fields.length + " elements");
    }
  }

  private static Object value(JsonCursor c, Field<?> f) throws IOException {
    if (f.nullable && c.p.currentToken() == JsonToken.VALUE_NULL) {
      return null;
    }
    return f.reader.read(c);
  }

  private int indexOf(String name) {
    // Jackson interns field names, so identity usually hits before equals is needed.
    String[] names = this.names;
    for (int i = 0; i < names.length; i++) {
      if (names[i] == name) {
        return i;
      }
    }
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(name)) {
        return i;
      }
    }
    return -1;
  }
}
