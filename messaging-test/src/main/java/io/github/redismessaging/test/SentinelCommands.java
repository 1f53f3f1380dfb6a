package io.github.redismessaging.test;

import java.util.List;
import java.util.Map;

import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.ListOfMapsOutput;
import io.lettuce.core.output.MapOutput;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.output.StringListOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;

/**
 * The {@code SENTINEL} subcommands the launcher needs, sent over a sentinel's {@link AdminConnection} with the
 * outputs Lettuce's own sentinel API uses, so that no second kind of connection is needed.
 */
final class SentinelCommands {

	private final String masterName;

	SentinelCommands(String masterName) {
		this.masterName = masterName;
	}

	/**
	 * Returns the port of the master, as {@code SENTINEL GET-MASTER-ADDR-BY-NAME} reports it.
	 * @param sentinel the sentinel to ask
	 * @return the port; the host is always the loopback address
	 * @throws IllegalStateException if the sentinel does not know the master
	 */
	int masterPort(RedisServer sentinel) {
		List<String> address = sentinel.admin().call((commands) -> commands.dispatch(CommandType.SENTINEL,
				new StringListOutput<>(StringCodec.UTF8), args("get-master-addr-by-name")));
		if (address == null || address.size() != 2) {
			throw new IllegalStateException("sentinel " + sentinel.port() + " does not know " + this.masterName);
		}
		return Integer.parseInt(address.get(1));
	}

	/** {@code SENTINEL MASTER}: the sentinel's state of the master, such as {@code flags} and {@code num-slaves}. */
	Map<String, String> master(RedisServer sentinel) {
		return sentinel.admin().call((commands) -> commands.dispatch(CommandType.SENTINEL,
				new MapOutput<>(StringCodec.UTF8), args("master")));
	}

	/** {@code SENTINEL REPLICAS}: one map per replica the sentinel knows, with {@code port} and {@code flags}. */
	List<Map<String, String>> replicas(RedisServer sentinel) {
		return sentinel.admin().call((commands) -> commands.dispatch(CommandType.SENTINEL,
				new ListOfMapsOutput<>(StringCodec.UTF8), args("replicas")));
	}

	/** {@code SENTINEL SENTINELS}: one map per other sentinel this one has heard of, with {@code flags}. */
	List<Map<String, String>> sentinels(RedisServer sentinel) {
		return sentinel.admin().call((commands) -> commands.dispatch(CommandType.SENTINEL,
				new ListOfMapsOutput<>(StringCodec.UTF8), args("sentinels")));
	}

	/** {@code SENTINEL FAILOVER}: starts a failover without asking the other sentinels for agreement. */
	void failover(RedisServer sentinel) {
		sentinel.admin().call((commands) -> commands.dispatch(CommandType.SENTINEL,
				new StatusOutput<>(StringCodec.UTF8), args("failover")));
	}

	private CommandArgs<String, String> args(String subcommand) {
		return new CommandArgs<>(StringCodec.UTF8).add(subcommand).add(this.masterName);
	}

}
