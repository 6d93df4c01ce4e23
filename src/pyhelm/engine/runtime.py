"""Go value semantics for templates: the one place that knows how Go treats a value.

Value model (how Go's ``interface{}`` values are held in Python):

==================  =========================================
Go                  Python
==================  =========================================
nil                 ``None`` (also a missing map key)
bool                ``bool``
int, int64, uint    ``int`` (never ``bool``)
float64             ``float``
string              ``str``
[]byte              ``bytes``
[]interface{}       ``list`` (also ``tuple``)
map[string]any      ``dict`` (keys are ``str``)
struct / pointer    any other object; template-visible fields and methods are
                    attributes with their Go names (``Name``, ``Files.Get``)
==================  =========================================

This module is a stub of the contract; see the helpers' implementation.
"""
