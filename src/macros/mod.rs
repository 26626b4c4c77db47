//! The Kconfig macro language (Documentation/kbuild/kconfig-macro-language.rst):
//! variables, user functions, built-in functions, `$(shell,...)` probes and
//! the environment the kernel's Makefile hands to conf.
