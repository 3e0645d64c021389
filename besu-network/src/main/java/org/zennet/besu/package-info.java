/**
 * Running a production Besu QBFT chain: genesis, node keys, configs and the launcher (issue: besu-network).
 */
package org.zennet.besu;
