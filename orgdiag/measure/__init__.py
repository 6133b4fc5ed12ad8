"""Measure the organisation: the typed graph, the graph metrics, and the facts the rules match on."""
