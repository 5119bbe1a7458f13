/** JMH benchmarks, each measured against a named baseline in the same run (see BENCHMARKING.md). */
package io.ddc.benchmarks;
