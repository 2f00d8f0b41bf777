"""An offline ``/docs`` page: the OpenAPI schema as plain HTML.

FastAPI's own ``/docs`` loads Swagger UI from a CDN, which students'
machines and our tests may not reach, so it is turned off and this page
takes its place. It lists each endpoint with its fields and responses and
links the machine-readable ``openapi.json``. Left out: "try it out" forms.
"""

from __future__ import annotations

import json
from html import escape

STYLE = ("body{font-family:system-ui,sans-serif;max-width:900px;margin:24px auto;padding:0 12px;color:#1f2328}"
         "code,pre{background:#f6f8fa;border-radius:4px;padding:1px 4px}pre{padding:8px;overflow-x:auto}"
         "table{border-collapse:collapse;margin:6px 0}td,th{border:1px solid #d7dbe0;padding:3px 8px;text-align:left;font-size:.9em}"
         ".m{font-weight:700;color:#1a4fa0}")


def _type(schema: dict) -> str:
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return " or ".join(_type(s) for s in schema["anyOf"])
    if schema.get("type") == "array":
        return f"list of {_type(schema.get('items', {}))}"
    return schema.get("type", "any")


def _model(name: str, schemas: dict) -> str:
    s = schemas.get(name, {})
    required = set(s.get("required", []))
    rows = "".join(
        f"<tr><td><code>{escape(k)}</code></td><td>{escape(_type(v))}</td><td>{'yes' if k in required else ''}</td>"
        f"<td>{escape(v.get('description', ''))}</td></tr>"
        for k, v in s.get("properties", {}).items()
    )
    return (f"<h3 id='{escape(name)}'>{escape(name)}</h3><p>{escape(s.get('description', ''))}</p>"
            f"<table><tr><th>field</th><th>type</th><th>required</th><th>meaning</th></tr>{rows}</table>")


def docs_html(openapi: dict, *, base: str = "") -> str:
    """The page for ``openapi`` (``app.openapi()``); ``base`` is the public sub-path, if any."""
    schemas = openapi.get("components", {}).get("schemas", {})
    out = [f"<h1>{escape(openapi['info']['title'])} — API</h1><p>{escape(openapi['info'].get('description', ''))}</p>",
           f"<p>Machine-readable schema: <a href='{escape(base)}/openapi.json'>openapi.json</a>.</p>"]
    for path, methods in openapi.get("paths", {}).items():
        for method, op in methods.items():
            out.append(f"<h2><span class='m'>{escape(method.upper())}</span> <code>{escape(base + path)}</code></h2>")
            out.append(f"<p>{escape(op.get('description') or op.get('summary', ''))}</p>")
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            if body:
                out.append(f"<p>Body (JSON): <a href='#{escape(_type(body))}'>{escape(_type(body))}</a></p>")
            codes = ", ".join(f"{escape(c)} {escape(r.get('description', ''))}" for c, r in op.get("responses", {}).items())
            out.append(f"<p>Responses: {codes}</p>")
    example = {"question": "Why did accounts move to Telegram?", "history": [], "k": 3}
    out.append("<h2>Example</h2><pre>curl -s -X POST -H 'Content-Type: application/json' \\\n  -d "
               f"{escape(repr(json.dumps(example)))} http://127.0.0.1:7860{escape(base)}/api/ask</pre>")
    out.append("<h2>Models</h2>" + "".join(_model(n, schemas) for n in sorted(schemas) if not n.startswith("HTTP")))
    return f"<!doctype html><html><head><meta charset='utf-8'><title>API</title><style>{STYLE}</style></head><body>{''.join(out)}</body></html>"
