package dev.weft.cli.http;

/**
 * A successful (2xx) answer.
 *
 * @param body the body as received, empty for 204, never null
 */
public record ApiResponse(int status, String body) {
}
