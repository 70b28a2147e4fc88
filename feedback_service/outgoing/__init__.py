"""What the service tells others as it happens: signed webhooks and chat alerts."""
