/**
 * The WebAssembly task sandbox: fuel-metered execution of WASI command modules on Chicory (issue: Provider agent).
 */
package org.zennet.runtime;
