"""A comparison of two organisations (before and after a restructuring) rendered: its pictures, its data, the
lines the CLI prints and its Markdown; :mod:`orgdiag.render.compare` writes them as files."""
