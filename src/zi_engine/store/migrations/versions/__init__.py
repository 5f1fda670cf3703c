"""The store's migrations, oldest first."""
