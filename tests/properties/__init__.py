"""Property tests: invariants of scoring, eligibility, rubrics, portal JSON and the lifecycle."""
