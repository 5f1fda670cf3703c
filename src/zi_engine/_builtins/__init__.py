"""Built-in plugins: zi_engine's own answer types, rubrics, criteria and lifecycle."""
