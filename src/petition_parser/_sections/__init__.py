"""One module per report section, in report order; each reads and writes its section.

========================  ==============================
``title``                 ``# {action}``
``background``            ``### Background``
``signatures``            ``### Signatures`` (total, data url, refresh time)
``government_response``   ``### Government Response`` (optional)
``history``               ``### History``
``countries``             ``### Signatures by Country``
``constituencies``        ``### Signatures by Constituency``
========================  ==============================

``extract(reader)`` consumes the section's tokens and returns its values;
``render(values, out)`` appends the section's text to ``out``, refusing values the
format cannot hold.
"""
