"""Fuzzing petition_parser: the invariants, a mutation fuzzer, an atheris harness."""
