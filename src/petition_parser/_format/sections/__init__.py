"""One module per report section; ``layout.py`` lists them in report order.

========================  ==============================
``title``                 ``# {action}``
``background``            ``### Background``
``signatures``            ``### Signatures`` (total, data url, refresh time)
``government_response``   ``### Government Response`` (optional)
``history``               ``### History``
``countries``             ``### Signatures by Country``
``constituencies``        ``### Signatures by Constituency``
========================  ==============================

Each module has ``HEADING``, ``FREE_TEXT`` and ``OPTIONAL``;
``extract(reader, layout)`` consumes the section's tokens and returns the Petition
fields it holds; ``render(petition, out, layout)`` appends the section's text to
``out``, refusing values the format cannot hold.
"""
