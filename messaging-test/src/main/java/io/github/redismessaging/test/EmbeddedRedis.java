package io.github.redismessaging.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Points {@code spring.data.redis.*} of a Spring test's application context at the shared standalone server, the
 * shared cluster or the shared Sentinel setup of {@link SharedRedis}, with the highest precedence.
 *
 * <pre class="code">
 * &#64;SpringBootTest
 * &#64;EmbeddedRedis(EmbeddedRedis.Mode.CLUSTER)
 * class ClusterDeliveryIT { ... }
 * </pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface EmbeddedRedis {

	/**
	 * Which shared Redis to use.
	 * @return the mode; standalone by default
	 */
	Mode value() default Mode.STANDALONE;

	/** The kind of shared Redis a test runs against. */
	enum Mode {

		/** {@link SharedRedis#standalone()}, via {@code spring.data.redis.host} and {@code port}. */
		STANDALONE,

		/** {@link SharedRedis#cluster()}, via {@code spring.data.redis.cluster.nodes}. */
		CLUSTER,

		/**
		 * {@link SharedRedis#sentinel()} (a master, two replicas, three sentinels), via
		 * {@code spring.data.redis.sentinel.master} and {@code nodes}.
		 */
		SENTINEL

	}

}
