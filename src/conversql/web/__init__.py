"""The web page: a chat with your data in the browser, served by the same server as the API it talks to.

The page is plain HTML, CSS and JavaScript modules in `static/`; charts are drawn by Vega-Lite, whose scripts come
from the installed `vl-convert-python` package rather than a CDN, so the page works without internet access.
"""
from conversql.web.routes import install

__all__ = ["install"]
