"""From findings to a proposed organisation: the draft, the actions that change it, the plan that applies
them round by round, and the difference between two organisations."""
