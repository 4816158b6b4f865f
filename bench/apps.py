from django.apps import AppConfig


class BenchConfig(AppConfig):
    """The benchmark (`manage.py bench`): installed only by `bench.settings`, never by the product's settings."""

    name = "bench"
    verbose_name = "Benchmark"
