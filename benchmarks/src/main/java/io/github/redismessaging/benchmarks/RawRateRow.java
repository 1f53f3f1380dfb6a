package io.github.redismessaging.benchmarks;

/**
 * One raw command rate measured by {@code redis-benchmark}.
 * @param command the command
 * @param clients parallel connections
 * @param pipeline commands per round trip
 * @param requestsPerSecond the rate
 */
public record RawRateRow(String command, int clients, int pipeline, double requestsPerSecond) {
}
