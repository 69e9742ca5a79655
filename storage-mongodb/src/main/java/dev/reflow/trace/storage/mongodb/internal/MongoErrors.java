package dev.reflow.trace.storage.mongodb.internal;

import com.mongodb.ConnectionString;
import com.mongodb.MongoException;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import dev.reflow.trace.storage.Redaction;
import dev.reflow.trace.storage.StorageConnectionException;
import dev.reflow.trace.storage.TraceQueryException;
import dev.reflow.trace.storage.TraceStorageException;
import dev.reflow.trace.storage.TraceWriteException;
import dev.reflow.trace.storage.mongodb.MongoSettings;
import java.util.regex.Pattern;

/**
 * Turns driver exceptions into this library's: a lost, refused or timed-out connection becomes
 * {@link StorageConnectionException} whatever the call was, so callers can retry; other failures
 * become {@link TraceWriteException} or {@link TraceQueryException}. Messages name the redacted
 * URL or the collection and never show a secret; a cause whose own message would show one is
 * dropped.
 */
public final class MongoErrors {
  /** Secrets a MongoDB URL can carry beyond the password that {@link Redaction} already masks. */
  private static final Pattern MONGO_SECRETS = Pattern.compile("(?i)(authMechanismProperties=)([^&]*)");

  private final MongoSettings settings;
  /** {@code database.collection}, for messages. */
  private final String namespace;

  public MongoErrors(MongoSettings settings) {
    this.settings = settings;
    this.namespace = settings.databaseName() + "." + settings.collectionName();
  }

  /** Text with MongoDB URL secrets masked. */
  public static String redact(String text) {
    if (text == null) {
      return null;
    }
    return MONGO_SECRETS.matcher(Redaction.redact(text)).replaceAll("$1****");
  }

  /**
   * The driver's reading of a connection URL.
   *
   * @throws IllegalArgumentException when it is not a MongoDB connection string; the message is
   *     redacted, and the driver's exception is the cause only when its message shows no secret
   */
  public static ConnectionString parseUrl(String url) {
    try {
      return new ConnectionString(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(redact(e.getMessage()), safeCause(e));
    }
  }

  /** The cause, unless its own message would show a secret the wrapper hid. */
  public static Throwable safeCause(Throwable cause) {
    String m = cause.getMessage();
    return m == null || redact(m).equals(m) ? cause : null;
  }

  /** Opening failed: the server could not be reached, refused the login, or failed a setup step. */
  public StorageConnectionException openFailure(RuntimeException e) {
    String reason = redact(e.getMessage());
    String where = settings.redactedUrl() + " (database " + settings.databaseName() + ", collection "
        + settings.collectionName() + ")";
    if (e instanceof MongoSecurityException) {
      return new StorageConnectionException("MongoDB refused the credentials for " + where + ": " + reason,
          safeCause(e));
    }
    if (e instanceof MongoTimeoutException || e instanceof MongoSocketException) {
      return new StorageConnectionException("Could not connect to MongoDB at " + where + " within "
          + settings.connectTimeout().toSeconds() + "s: " + reason, safeCause(e));
    }
    return new StorageConnectionException("Could not open MongoDB trace storage at " + where + ": " + reason,
        safeCause(e));
  }

  /** A write ({@code what}, e.g. "store trace 1b4e…") failed. */
  public TraceStorageException write(String what, MongoException e) {
    if (isConnectionProblem(e)) {
      return lost(what, e);
    }
    return new TraceWriteException("Could not " + what + " in " + namespace + ": " + redact(e.getMessage()),
        safeCause(e));
  }

  /** A read ({@code what}, e.g. "query traces") failed. */
  public TraceStorageException query(String what, MongoException e) {
    if (isConnectionProblem(e)) {
      return lost(what, e);
    }
    return new TraceQueryException("Could not " + what + " in " + namespace + ": " + redact(e.getMessage()),
        safeCause(e));
  }

  /** A stored document could not be decoded. */
  public TraceQueryException unreadable(TraceRead read) {
    CorruptDocumentException e = read.error();
    return new TraceQueryException("Stored trace " + read.id() + " in " + namespace + " cannot be read: " + e.getMessage(), e);
  }

  private StorageConnectionException lost(String what, MongoException e) {
    return new StorageConnectionException("Could not " + what + ": lost MongoDB at " + settings.redactedUrl()
        + ": " + redact(e.getMessage()), safeCause(e));
  }

  private static boolean isConnectionProblem(MongoException e) {
    return e instanceof MongoTimeoutException || e instanceof MongoSocketException || e instanceof MongoSecurityException;
  }
}
