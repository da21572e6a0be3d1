package io.streamrp2p.hub.api;

import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;

/**
 * A request the API refuses: the HTTP status and the body {@code {"error", "field", "reason"}} that
 * says which field was wrong and why ({@code field} is null when no one field is to blame).
 */
final class ApiError extends RuntimeException {
  final StatusCode status;
  final String error;
  final String field;
  final String reason;

  ApiError(StatusCode status, String error, String field, String reason) {
    super(error + (field == null ? "" : " " + field) + ": " + reason, null, false, false);
    this.status = status;
    this.error = error;
    this.field = field;
    this.reason = reason;
  }

  static ApiError invalid(String field, String reason) {
    return new ApiError(StatusCodes.BAD_REQUEST, "invalid_request", field, reason);
  }

  static ApiError unauthorized(String reason) {
    return new ApiError(StatusCodes.UNAUTHORIZED, "unauthorized", "Authorization", reason);
  }

  static ApiError forbidden(String reason) {
    return new ApiError(StatusCodes.FORBIDDEN, "forbidden", null, reason);
  }

  static ApiError notFound(String field, String reason) {
    return new ApiError(StatusCodes.NOT_FOUND, "not_found", field, reason);
  }

  static ApiError conflict(String field, String reason) {
    return new ApiError(StatusCodes.CONFLICT, "conflict", field, reason);
  }
}
