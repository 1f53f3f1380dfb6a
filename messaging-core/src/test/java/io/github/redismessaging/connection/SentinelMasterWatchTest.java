package io.github.redismessaging.connection;

import java.net.InetSocketAddress;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.redismessaging.connection.SentinelMasterWatch.Master;

import static org.assertj.core.api.Assertions.assertThat;

class SentinelMasterWatchTest {

	@Test
	void masterTakesTheAddressSentinelHandsToClientsAndItsEpoch() {
		Master master = Master.of(InetSocketAddress.createUnresolved("10.0.0.2", 6380),
				Map.of("ip", "10.0.0.2", "port", "6380", "runid", "abc", "config-epoch", "7"));
		assertThat(master).isEqualTo(new Master("10.0.0.2:6380", "abc", 7));
	}

	@Test
	void runIdOfAnotherNodeIsNotTaken() {
		// mid-failover: SENTINEL MASTER still shows the old master, GET-MASTER-ADDR-BY-NAME the promoted replica
		Master master = Master.of(InetSocketAddress.createUnresolved("10.0.0.3", 6381),
				Map.of("ip", "10.0.0.2", "port", "6380", "runid", "old", "config-epoch", "8"));
		assertThat(master).isEqualTo(new Master("10.0.0.3:6381", "", 8));
	}

	@Test
	void hostileOrMissingFieldsGiveNoMasterOrEpochZero() {
		assertThat(Master.of(null, Map.of())).isNull();
		assertThat(Master.of(InetSocketAddress.createUnresolved("h", 1), null)).isNull();
		assertThat(Master.of(InetSocketAddress.createUnresolved("h", 1), Map.of("config-epoch", "x")))
			.isEqualTo(new Master("h:1", "", 0));
	}

	@Test
	void runIdIsReadFromInfoServer() {
		assertThat(SentinelMasterWatch.runId("# Server\r\nredis_version:7.0.15\r\nrun_id:f00d \r\ntcp_port:6379\r\n"))
			.isEqualTo("f00d");
		assertThat(SentinelMasterWatch.runId("# Server\r\n")).isEmpty();
	}

}
