package dev.reflow.trace.json.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * How one externally tagged Rust enum is read: a unit variant as its name ({@code "Completed"}) or
 * as a one-key map with null content ({@code {"Completed":null}}), a struct variant as a one-key
 * map ({@code {"Failed":{"error":"…"}}}). Variant names are case-sensitive.
 */
final class EnumShape<T> implements ValueReader<T> {
  private record Variant<T>(String name, T unit, StructShape<? extends T> content) {}

  /** Declares the variants in Rust declaration order (the order serde lists them in errors). */
  static final class Builder<T> {
    private final List<Variant<T>> variants = new ArrayList<>();

    Builder<T> unit(String name, T value) {
      variants.add(new Variant<>(name, value, null));
      return this;
    }

    Builder<T> struct(String name, StructShape<? extends T> content) {
      variants.add(new Variant<>(name, null, content));
      return this;
    }

    EnumShape<T> build(String rustName) {
      return new EnumShape<>(rustName, variants);
    }
  }

  static <T> Builder<T> builder() {
    return new Builder<>();
  }

  private final String rustName;
  private final Variant<T>[] variants;
  private final String expectedOneOf;

  @SuppressWarnings("unchecked")
  private EnumShape(String rustName, List<Variant<T>> variants) {
    this.rustName = rustName;
    this.variants = variants.toArray(new Variant[0]);
    StringBuilder sb = new StringBuilder("expected one of ");
    for (int j = 0; j < this.variants.length; j++) {
      sb.append(j == 0 ? "`" : ", `").append(this.variants[j].name).append('`');
    }
    this.expectedOneOf = sb.toString();
  }

  @Override
  public T read(JsonCursor c) throws IOException {
    JsonParser p = c.p;
    JsonToken t = p.currentToken();
    String name;
    boolean isMap;
    if (t == JsonToken.VALUE_STRING) {
      name = p.getText();
      isMap = false;
    } else if (t == JsonToken.START_OBJECT) {
      name = p.nextFieldName();
      if (name == null) {
        throw c.fail("invalid type: empty map, expected enum " + rustName);
      }
      isMap = true;
    } else {
      throw c.invalidType("enum " + rustName);
    }
    Variant<T> v = variant(name);
    if (v == null) {
      throw c.fail("unknown variant `" + name + "`, " + expectedOneOf);
    }
    if (!isMap) {
      if (v.content != null) {
        throw c.fail("invalid type: unit variant, expected struct variant " + rustName + "::" + v.name);
      }
      return v.unit;
    }
    p.nextToken();
    T result;
    if (v.content != null) {
      result = v.content.read(c);
    } else {
      if (p.currentToken() != JsonToken.VALUE_NULL) {
        throw c.fail("invalid type: " + c.describeCurrent() + ", expected unit variant " + v.name);
      }
      result = v.unit;
    }
    if (p.nextToken() != JsonToken.END_OBJECT) {
      throw c.fail("expected the map of enum " + rustName + " to hold exactly one variant");
    }
    return result;
  }

  private Variant<T> variant(String name) {
    for (Variant<T> v : variants) {
      if (v.name.equals(name)) {
        return v;
      }
    }
    return null;
  }
}
