/**
 * The provider agent: finds jobs on chain, negotiates, runs tasks and gets paid (issue: Provider agent).
 */
package org.zennet.provider;
