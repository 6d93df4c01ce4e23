"""pyhelm: Helm, the package manager for Kubernetes, implemented in Python."""

__version__ = "0.1.0"
