package org.issastream.schemas.registry;

/**
 * Root of every schema-registry failure, with Confluent's numeric error code and HTTP status. The
 * nested subclasses are the codes a caller typically handles; {@link #fromResponse} maps a Confluent
 * error body to the right type, so the REST client and the embedded server agree on one mapping.
 */
public class RegistryException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Error code used when the registry could not be reached or answered garbage. */
  public static final int UNAVAILABLE = 50003;

  private final int errorCode;
  private final int httpStatus;

  public RegistryException(int httpStatus, int errorCode, String message) {
    super(message);
    this.httpStatus = httpStatus;
    this.errorCode = errorCode;
  }

  public RegistryException(int httpStatus, int errorCode, String message, Throwable cause) {
    super(message, cause);
    this.httpStatus = httpStatus;
    this.errorCode = errorCode;
  }

  /** Confluent error code, e.g. 40401 or 42201. */
  public int errorCode() {
    return errorCode;
  }

  /** HTTP status of the response (or that the server sends for this error). */
  public int httpStatus() {
    return httpStatus;
  }

  @Override
  public String getMessage() {
    return super.getMessage() + " (error code " + errorCode + ")";
  }

  /** The message without the error code suffix, as the server puts it in its body. */
  public String bareMessage() {
    return super.getMessage();
  }

  /** Maps a Confluent error response to its typed exception. */
  public static RegistryException fromResponse(int httpStatus, int errorCode, String message) {
    switch (errorCode) {
      case 40401: return new SubjectNotFound(message);
      case 40402: return new VersionNotFound(message);
      case 40403: return new SchemaNotFound(message);
      case 40404: return new SubjectSoftDeleted(message);
      case 40405: return new SubjectNotSoftDeleted(message);
      case 40406: return new VersionSoftDeleted(message);
      case 40407: return new VersionNotSoftDeleted(message);
      case 40408: return new SubjectLevelCompatibilityNotConfigured(message);
      case 409: return new IncompatibleSchema(message);
      case 42201: return new InvalidSchema(message);
      case 42202: return new InvalidVersion(message);
      case 42203: return new InvalidCompatibilityLevel(message);
      default:
        if (httpStatus == 401 || httpStatus == 403) {
          return new Unauthorized(httpStatus, errorCode, message);
        }
        return new RegistryException(httpStatus, errorCode, message);
    }
  }

  /** 40401: the subject does not exist (or is soft-deleted and not asked for). */
  public static final class SubjectNotFound extends RegistryException {
    private static final long serialVersionUID = 1L;
    public SubjectNotFound(String m) { super(404, 40401, m); }
  }

  /** 40402: the version does not exist. */
  public static final class VersionNotFound extends RegistryException {
    private static final long serialVersionUID = 1L;
    public VersionNotFound(String m) { super(404, 40402, m); }
  }

  /** 40403: no schema with that id, or the schema is not registered under the subject. */
  public static final class SchemaNotFound extends RegistryException {
    private static final long serialVersionUID = 1L;
    public SchemaNotFound(String m) { super(404, 40403, m); }
  }

  /** 40404: the subject was soft-deleted. */
  public static final class SubjectSoftDeleted extends RegistryException {
    private static final long serialVersionUID = 1L;
    public SubjectSoftDeleted(String m) { super(404, 40404, m); }
  }

  /** 40405: a permanent delete needs a prior soft delete. */
  public static final class SubjectNotSoftDeleted extends RegistryException {
    private static final long serialVersionUID = 1L;
    public SubjectNotSoftDeleted(String m) { super(404, 40405, m); }
  }

  /** 40406: the version was soft-deleted. */
  public static final class VersionSoftDeleted extends RegistryException {
    private static final long serialVersionUID = 1L;
    public VersionSoftDeleted(String m) { super(404, 40406, m); }
  }

  /** 40407: a permanent version delete needs a prior soft delete. */
  public static final class VersionNotSoftDeleted extends RegistryException {
    private static final long serialVersionUID = 1L;
    public VersionNotSoftDeleted(String m) { super(404, 40407, m); }
  }

  /** 40408: no subject-level compatibility is set (only with defaultToGlobal=false). */
  public static final class SubjectLevelCompatibilityNotConfigured extends RegistryException {
    private static final long serialVersionUID = 1L;
    public SubjectLevelCompatibilityNotConfigured(String m) { super(404, 40408, m); }
  }

  /** 409: the schema breaks the subject's compatibility level. */
  public static final class IncompatibleSchema extends RegistryException {
    private static final long serialVersionUID = 1L;
    public IncompatibleSchema(String m) { super(409, 409, m); }
  }

  /** 42201: not a valid Avro schema. */
  public static final class InvalidSchema extends RegistryException {
    private static final long serialVersionUID = 1L;
    public InvalidSchema(String m) { super(422, 42201, m); }
  }

  /** 42202: not a valid version (must be a positive integer or "latest"). */
  public static final class InvalidVersion extends RegistryException {
    private static final long serialVersionUID = 1L;
    public InvalidVersion(String m) { super(422, 42202, m); }
  }

  /** 42203: not a known compatibility level. */
  public static final class InvalidCompatibilityLevel extends RegistryException {
    private static final long serialVersionUID = 1L;
    public InvalidCompatibilityLevel(String m) { super(422, 42203, m); }
  }

  /** 401/403 from the server: missing or wrong credentials. */
  public static final class Unauthorized extends RegistryException {
    private static final long serialVersionUID = 1L;
    public Unauthorized(int status, int code, String m) { super(status, code, m); }
  }

  /** The registry could not be reached, timed out or answered with something that is not its API. */
  public static final class Unavailable extends RegistryException {
    private static final long serialVersionUID = 1L;
    public Unavailable(String m, Throwable cause) { super(503, UNAVAILABLE, m, cause); }
  }
}
