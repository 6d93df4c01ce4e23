"""Getters fetch URLs for Helm (``pkg/getter``): only the HTTP(S) getter is implemented here."""

from pyhelm.getter.http import GetterError, GetterOptions, HTTPGetter, user_agent

__all__ = ["GetterError", "GetterOptions", "HTTPGetter", "user_agent"]
