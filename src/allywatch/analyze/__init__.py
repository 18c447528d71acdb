"""Analyze stage: database -> answers (graph, reliability, asymmetry, watchlist, ledger)."""
