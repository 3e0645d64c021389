/**
 * The publisher agent: posts jobs, negotiates, schedules, verifies and pays (issue: Publisher agent).
 */
package org.zennet.publisher;
