//! Tests of the macro language, probes and the kernel environment.
