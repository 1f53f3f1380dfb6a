/**
 * Real Redis 7 servers, clusters and Sentinel topologies for tests, without Docker.
 *
 * <p>{@link io.github.redismessaging.test.RedisServer}, {@link io.github.redismessaging.test.RedisCluster} and
 * {@link io.github.redismessaging.test.RedisSentinel} run the {@code redis-server} binary found by
 * {@link io.github.redismessaging.test.RedisBinary} on free loopback ports in temporary directories.
 * {@link io.github.redismessaging.test.SharedRedis} keeps one of each per JVM, and
 * {@link io.github.redismessaging.test.RedisExtension} and {@link io.github.redismessaging.test.EmbeddedRedis} hand
 * the shared server and cluster to JUnit and Spring tests.
 */
@NullMarked
package io.github.redismessaging.test;

import org.jspecify.annotations.NullMarked;
