package io.github.redismessaging.listener;

/**
 * Customizes every listener container before it is created, like Spring Kafka's {@code ContainerCustomizer}:
 * declare beans of this type, and each is called once per listener, in {@code @Order}, with the listener's id,
 * kind, bean and method and its settings so far. A customizer for one kind checks {@link ListenerContainerSpec#kind()}.
 * <p>
 * What a customizer sets ranks above the annotation and the {@code redis.messaging.<kind>.defaults.*}
 * properties, and below {@code redis.messaging.listeners.<id>.*}, so that operations staff keep the last word.
 * <pre class="code">
 * &#64;Bean
 * RedisListenerContainerCustomizer moreWorkersForReports() {
 *     return (container) -&gt; {
 *         if (container.kind() == ListenerKind.QUEUE &amp;&amp; container.id().startsWith("reports-")) {
 *             container.set("concurrency", "8");
 *         }
 *     };
 * }
 * </pre>
 */
@FunctionalInterface
public interface RedisListenerContainerCustomizer {

	/**
	 * Customizes one listener's container before it is created.
	 * @param container the listener and its settings; changes apply to this listener only
	 */
	void customize(ListenerContainerSpec container);

}
