"""Fetchers for the public sources: SCB (PxWebApi 2.0), Kolada v3 and Tillväxtverket's open data.

Each fetcher returns a :class:`kpis.fetch.result.Fetched` or raises :class:`kpis.fetch.errors.FetchError`;
none of them writes anything. ``kpis.refresh`` checks what they return and writes it.
"""
