/**
 * The channel watcher: redeems providers' delegated vouchers before a close takes effect (issue: Channel watcher).
 */
package org.zennet.watcher;
