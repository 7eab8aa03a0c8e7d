"""Attacks on a real `graphkam serve` (uvicorn in a subprocess, on a loopback port): a page on a
second loopback origin tries to make a signed-in admin's Chromium change things (it must not),
and the server's whole log, after sign-in, cookie and bearer calls and logout, holds no token,
session id or CSRF token."""

from __future__ import annotations

import functools
import http.server
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import sync_playwright

from tests.api.conftest import Api, build_api
from tests.visualizations.conftest import CHROMIUM, CHROMIUM_ARGS

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@dataclass
class Served:
    """A running `graphkam serve` and where its log goes."""

    base: str
    api: Api
    log: Path
    proc: subprocess.Popen[bytes]
    secrets: set[str]

    def stop(self) -> str:
        """Stop the server (once) and return its whole log."""
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=20)
        return self.log.read_text("utf-8", "replace")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    tmp = tmp_path_factory.mktemp("served")
    api = build_api(tmp)
    port = _free_port()
    log = tmp / "server.log"
    env = {**os.environ, "GRAPHKAM_STORE": api.store_url}
    cmd = [sys.executable, "-m", "graphkam", "serve", "--port", str(port)]
    cmd += ["--store", api.store_url, "--users-db", str(tmp / "users.db")]
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        assert proc.poll() is None, log.read_text()
        try:
            if httpx.get(f"{base}/healthz", timeout=2).status_code in (200, 401):
                break
        except httpx.TransportError:
            pass
        assert time.monotonic() < deadline, "graphkam serve did not start"
        time.sleep(0.2)
    run = Served(base, api, log, proc, set(api.tokens.values()))
    try:
        yield run
    finally:
        run.stop()


ATTACK = """<!doctype html><html><body><script>
const api = "__API__";
const evil = JSON.stringify({team: [{id: "tm-evil", name: "Evil", team_role: "account_manager",
                                     accounts: ["ac-bank"]}]});
const tries = [
  // an ArrayBuffer body: no Content-Type, no preflight (the attack from the issue)
  () => fetch(api + "/import", {method: "POST", mode: "no-cors", credentials: "include",
                                 body: new TextEncoder().encode(evil).buffer}),
  // a string body: text/plain, still a "simple" request
  () => fetch(api + "/import", {method: "POST", mode: "no-cors", credentials: "include",
                                 body: evil}),
  // declared JSON: needs a preflight, which the API never grants
  () => fetch(api + "/import", {method: "POST", credentials: "include",
                                 headers: {"Content-Type": "application/json"}, body: evil}),
  // a PATCH: never a simple request
  () => fetch(api + "/team-members/rep-lin", {method: "PATCH", credentials: "include",
                                 headers: {"Content-Type": "application/json"},
                                 body: JSON.stringify({accounts: ["hx-steel", "ac-bank"]})}),
  // ending the victim's session
  () => fetch(api + "/logout", {method: "POST", mode: "no-cors", credentials: "include"}),
  // reading the CSRF token cross-origin
  () => fetch(api + "/session", {credentials: "include"}).then(r => r.json())
          .then(j => { window.stolen = j.csrf_token; }),
];
async function run() {
  for (const t of tries) { try { await t(); } catch (e) { } }
  // a plain HTML form (text/plain encoding) posted into a hidden frame
  const frame = document.createElement("iframe"); frame.name = "sink";
  document.body.appendChild(frame);
  const form = document.createElement("form");
  form.method = "POST"; form.action = api + "/import"; form.enctype = "text/plain";
  form.target = "sink";
  const field = document.createElement("input"); field.name = evil.slice(0, -2) + '"';
  field.value = '"}'; form.appendChild(field); document.body.appendChild(form);
  form.submit();
  await new Promise(r => setTimeout(r, 1500));
  window.done = true;
}
run();
</script></body></html>
"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def attacker(served: Served, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A second origin on loopback (another port: the same *site*) serving the attack page."""
    root = tmp_path_factory.mktemp("attacker")
    (root / "attack.html").write_text(ATTACK.replace("__API__", served.base), "utf-8")
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join(5)


def _member_exists(served: Served, member: str) -> bool:
    r = httpx.get(f"{served.base}/team-members/{member}", headers=served.api.headers("admin"))
    assert r.status_code in (200, 404), r.text
    return r.status_code == 200


def test_a_page_on_another_origin_cannot_change_anything(served: Served, attacker: str) -> None:
    assert CHROMIUM.exists(), f"{CHROMIUM} is missing: apt-get install -y chromium"
    rep_lin_before = httpx.get(
        f"{served.base}/team-members/rep-lin", headers=served.api.headers("admin")
    ).json()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context()
            page = context.new_page()
            page.goto(f"{served.base}/login?next=/portfolio%3Fas_of%3D2026-11-15")
            page.fill("#token", served.api.tokens["admin"])
            page.click("button[type=submit]")
            page.wait_for_url("**/portfolio?as_of=2026-11-15")
            cookies = {c["name"]: c for c in context.cookies()}
            session = cookies["graphkam_session"]
            assert session["httpOnly"] and session["sameSite"] == "Strict"
            served.secrets.add(session["value"])

            page.goto(f"{attacker}/attack.html")
            page.wait_for_function("window.done === true", timeout=30_000)
            assert page.evaluate("window.stolen") is None  # the CSRF token stayed unreadable
            assert not _member_exists(served, "tm-evil")
            after = httpx.get(
                f"{served.base}/team-members/rep-lin", headers=served.api.headers("admin")
            ).json()
            assert after == rep_lin_before

            # control: the same write from our own origin, with the CSRF token, works — so
            # the attack failed because of the checks, not because the write was impossible
            page.goto(f"{served.base}/login")  # a page of ours whose CSP lets it call the API
            status = page.evaluate(
                """async () => {
                  const s = await (await fetch("/session")).json();
                  const r = await fetch("/import", {method: "POST",
                    headers: {"Content-Type": "application/json", "X-CSRF-Token": s.csrf_token},
                    body: JSON.stringify({team: [{id: "tm-ok", name: "OK",
                                                  team_role: "account_manager"}]})});
                  return [r.status, s.csrf_token];
                }"""
            )
            assert status[0] == 200
            served.secrets.add(status[1])
            assert _member_exists(served, "tm-ok")
            # the session survived the attacker's POST /logout
            assert page.evaluate("fetch('/session').then(r => r.status)") == 200
        finally:
            browser.close()


def test_the_api_docs_work_offline_in_chromium(served: Served) -> None:
    """/docs renders Swagger UI from the package: every request stays on the server."""
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            requests: list[str] = []
            page.on("request", lambda r: requests.append(r.url))
            page.goto(f"{served.base}/docs")
            page.wait_for_selector(".swagger-ui .info .title", timeout=30_000)
            assert "graphkam" in page.inner_text(".swagger-ui .info .title")
            assert page.locator(".opblock").count() > 20  # the operations are listed
            foreign = [u for u in requests if not u.startswith(served.base + "/")]
            assert foreign == [], foreign
        finally:
            browser.close()


def test_the_server_log_holds_no_secret(served: Served) -> None:
    """Sign in, use cookie and bearer, fail to authenticate, log out; then grep the log."""
    base, api = served.base, served.api
    with httpx.Client(base_url=base) as client:
        r = client.post("/login", content=f"token={api.tokens['rep']}", headers=FORM)
        assert r.status_code in (200, 303)
        session_id = client.cookies["graphkam_session"]
        csrf = client.get("/session").json()["csrf_token"]
        served.secrets |= {session_id, csrf}
        cio = client.get("/stakeholders/hx-cio")
        assert cio.status_code == 200
        patched = client.patch(
            "/stakeholders/hx-cio",
            json={"title": "CIO"},
            headers={"If-Match": cio.headers["etag"], "X-CSRF-Token": csrf, "Origin": base},
        )
        assert patched.status_code == 200, patched.text
        assert client.get("/accounts", headers=api.headers("coach")).status_code == 200
        bad = client.get("/accounts", headers={"Authorization": f"Bearer {api.tokens['rep']}x"})
        assert bad.status_code == 401
        out = client.post("/logout", headers={"X-CSRF-Token": csrf, "Origin": base})
        assert out.status_code == 204
    log = served.stop()
    assert "POST /login" in log and "PATCH /stakeholders/hx-cio" in log  # the log is captured
    leaked = [s for s in served.secrets if s in log]
    assert leaked == [], f"{len(leaked)} secret(s) found in the server log"
    assert len(served.secrets) >= 7  # four tokens, two session ids, the CSRF tokens
