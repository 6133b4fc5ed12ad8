"""Third-party code orgdiag carries and builds itself, because no release of it installs on every Python orgdiag
supports: durable-rules 2.0.28, the rules engine (README.md here says where it came from and what was changed).

Only :mod:`orgdiag.rules.engine` uses it.
"""
