package dev.reflow.trace.storage.mongodb.internal;

/**
 * Where a value sits in a stored document ({@code trace.events[3].data.message}), for error
 * messages. Built as a chain and turned into text only when an error is thrown: a document
 * that reads cleanly never pays for the text of its paths.
 */
final class BsonPath {
  private final BsonPath parent;
  private final String name;
  private final int index;

  private BsonPath(BsonPath parent, String name, int index) {
    this.parent = parent;
    this.name = name;
    this.index = index;
  }

  /** A top-level field of the stored document. */
  static BsonPath root(String name) {
    return new BsonPath(null, name, -1);
  }

  BsonPath field(String fieldName) {
    return new BsonPath(this, fieldName, -1);
  }

  BsonPath element(int i) {
    return new BsonPath(this, null, i);
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    append(out);
    return out.toString();
  }

  private void append(StringBuilder out) {
    if (parent != null) {
      parent.append(out);
    }
    if (name == null) {
      out.append('[').append(index).append(']');
    } else {
      if (parent != null) {
        out.append('.');
      }
      out.append(name);
    }
  }
}
