/**
 * End-to-end and fault-injection tests and benchmarks; shared fixtures live in {@code org.zennet.tests.testkit}.
 */
package org.zennet.tests;
