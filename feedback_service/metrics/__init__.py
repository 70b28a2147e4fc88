"""`/metrics`: what the operations team's Prometheus reads about the service."""
