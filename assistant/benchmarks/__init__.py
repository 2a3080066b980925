"""`python -m assistant bench`: scripts that print numbers (pipeline latency, build, memory, scale). Never timed tests."""

from assistant.benchmarks.pipeline import run_benchmark

__all__ = ["run_benchmark"]
