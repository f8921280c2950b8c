"""goalrec: recommends social-media goals, KPIs, platforms and tactics from a client intake."""

__version__ = "0.1.0"

__all__ = ["__version__"]
