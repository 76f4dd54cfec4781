"""A fuzzer for hxmigrate: mutants of the fixtures and of generated projects, run through
the engine and the command line, checked against the invariants of :mod:`fuzz.oracle`.
``python -m fuzz --help``; fuzz/README.md tells how to run it and read its results."""
