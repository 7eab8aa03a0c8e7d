"""Fixtures of the page tests: the sample portfolio in a SQLite store, rendered pages served from a
loopback HTTP server, and Debian's Chromium driven by Playwright (missing browser: tests fail)."""

from __future__ import annotations

import functools
import http.server
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import uvicorn
from playwright.sync_api import Browser, ConsoleMessage, Dialog, Page, Request, sync_playwright

from api.app import create_app
from graphkam.analysis import (
    AccountAnalysis,
    AnalysisConfig,
    analyze_account,
    rank_portfolio,
    scan_portfolio,
)
from graphkam.auth import Role, UserStore
from graphkam.documents import AccountSubgraph
from graphkam.sample import SAMPLE_AS_OF, load_sample
from graphkam.stores import Store, open_store
from graphkam.synthetic import single_account
from visualizations.account_page import render_account_page
from visualizations.portfolio_page import render_portfolio_page

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
REPO = Path(__file__).resolve().parents[2]
#: Screenshots for people to look at (gitignored).
SHOT_DIR = REPO / "test-output"

#: The sample's single-threaded account (PLANTED: single_threaded on its decision maker).
SINGLE_THREADED = "dl-energy"
#: A healthy sample account, used for the XSS page (one stakeholder renamed to markup).
HEALTHY = "hx-steel"
XSS_NAME = "<img src=x onerror=alert(1)>"
XSS_NOTES = "<script>alert(2)</script> 私人备注 secret-note"
XSS_ACCOUNT = "<b>Evil & Co</b>"


@dataclass
class Sample:
    """The sample portfolio loaded in a store, with the analyses the pages are rendered from."""

    store: Store
    config: AnalysisConfig
    subgraphs: dict[str, AccountSubgraph] = field(default_factory=dict)
    analyses: dict[str, AccountAnalysis] = field(default_factory=dict)

    def analysed(self, account: str) -> tuple[AccountSubgraph, AccountAnalysis]:
        if account not in self.subgraphs:
            sub = self.store.account_subgraph(account)
            self.subgraphs[account] = sub
            self.analyses[account] = analyze_account(sub, SAMPLE_AS_OF, self.config)
        return self.subgraphs[account], self.analyses[account]


@pytest.fixture(scope="session")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sample]:
    path = tmp_path_factory.mktemp("sample") / "sample.db"
    with open_store(f"sqlite:///{path}") as st:
        st.import_map(load_sample())
        yield Sample(store=st, config=AnalysisConfig())


def xss_subgraph(sub: AccountSubgraph) -> AccountSubgraph:
    """The subgraph with its first decision maker renamed to markup and given markup notes."""
    target = next(s for s in sub.stakeholders if s.roles)
    renamed = [
        s.model_copy(update={"name": XSS_NAME, "notes": XSS_NOTES}) if s.id == target.id else s
        for s in sub.stakeholders
    ]
    return sub.model_copy(update={"stakeholders": renamed})


@pytest.fixture(scope="session")
def site(sample: Sample, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Rendered pages: the single-threaded account, the XSS account (with notes), the portfolio."""
    root = tmp_path_factory.mktemp("site")
    sub, analysis = sample.analysed(SINGLE_THREADED)
    html = render_account_page(sub, analysis, as_of=SAMPLE_AS_OF, viewer_may_see_notes=False)
    (root / "single.html").write_text(html, encoding="utf-8")
    sub, analysis = sample.analysed(HEALTHY)
    html = render_account_page(
        xss_subgraph(sub), analysis, as_of=SAMPLE_AS_OF, viewer_may_see_notes=True
    )
    (root / "xss.html").write_text(html, encoding="utf-8")
    entries: list[Any] = rank_portfolio(scan_portfolio(sample.store, SAMPLE_AS_OF, sample.config))
    evil = {
        "account": "evil",
        "name": XSS_ACCOUNT,
        "tier": "C",
        "single_threaded": False,
        "support_index": 0.0,
        "gaps": [],
    }
    html = render_portfolio_page([*entries, evil], as_of=SAMPLE_AS_OF)
    (root / "portfolio.html").write_text(html, encoding="utf-8")
    big = big_account()
    html = render_account_page(
        big,
        analyze_account(big, SAMPLE_AS_OF, sample.config),
        as_of=SAMPLE_AS_OF,
        viewer_may_see_notes=False,
    )
    (root / "big.html").write_text(html, encoding="utf-8")
    return root


#: People in the large synthetic account (graphkam.synthetic.single_account).
BIG = 300


def big_account() -> AccountSubgraph:
    """One synthetic account of BIG stakeholders (org chart, influences, 8 of our people)."""
    doc = single_account(BIG)
    return AccountSubgraph.model_validate(doc.model_dump(by_alias=True))


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def origin(site: Path) -> Iterator[str]:
    """http://127.0.0.1:PORT serving the rendered pages from a thread."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join(5)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless. Missing browser: the test fails (never skips)."""
    assert CHROMIUM.exists(), (
        f"{CHROMIUM} is missing: install it with `apt-get install -y chromium fonts-noto-cjk`"
    )
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class PageRun:
    """A page plus everything it did: requests, console errors, uncaught errors, dialogs."""

    page: Page
    origin: str
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def foreign_requests(self) -> list[str]:
        """Requests that left the server that served the page (data: URLs stay in the page)."""
        return [u for u in self.requests if not u.startswith((self.origin + "/", "data:", "blob:"))]

    def js(self, expression: str, arg: Any = None) -> Any:
        return self.page.evaluate(expression, arg)


@pytest.fixture
def open_page(browser: Browser, origin: str) -> Iterator[Callable[[str], PageRun]]:
    """Open a served page in a fresh context, recording its requests, errors and dialogs."""
    contexts = []

    def _open(name: str) -> PageRun:
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        contexts.append(context)
        page = context.new_page()
        run = PageRun(page=page, origin=origin)
        page.on("request", lambda r: run.requests.append(_url(r)))
        page.on("console", lambda m: _console(run, m))
        page.on("pageerror", lambda e: run.errors.append(f"pageerror: {e}"))
        page.on("dialog", lambda d: _dialog(run, d))
        page.goto(f"{origin}/{name}", wait_until="load")
        page.wait_for_selector("body[data-ready='1']", state="attached", timeout=30_000)
        return run

    yield _open
    for context in contexts:
        context.close()


def _url(request: Request) -> str:
    return request.url


def _console(run: PageRun, message: ConsoleMessage) -> None:
    # the browser's own favicon probe (on the API's sign-in page) is not the page's error
    if message.location.get("url", "").endswith("/favicon.ico"):
        return
    if message.type == "error":
        run.errors.append(f"console {message.type}: {message.text}")


def _dialog(run: PageRun, dialog: Dialog) -> None:
    run.dialogs.append(dialog.message)
    dialog.dismiss()


# -- the API serving the editable pages --------------------------------------------------------


@dataclass
class LiveApi:
    """The graphkam API under uvicorn on loopback, over its own SQLite copy of the sample."""

    origin: str
    store_url: str
    tokens: dict[str, str]

    def store(self) -> Store:
        """A second connection to the API's store, to check what the pages wrote."""
        return open_store(self.store_url)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def live_api(tmp_path: Path) -> Iterator[LiveApi]:
    """A fresh store with the sample, users (admin; rep Chen on dl-energy; coach Sun), the API
    served by uvicorn from a thread; stopped after the test."""
    url = f"sqlite:///{tmp_path / 'graphkam.db'}"
    with open_store(url) as st:
        st.import_map(load_sample())
    users = UserStore(tmp_path / "users.db")
    tokens = {
        "admin": users.add_user("root", Role.ADMIN)[1],
        "rep": users.add_user("chen", Role.REP, "am-chen")[1],
        "coach": users.add_user("sun", Role.COACH, "mgr-sun")[1],
    }
    app = create_app(url, users_db=tmp_path / "users.db")
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    yield LiveApi(f"http://127.0.0.1:{port}", url, tokens)
    server.should_exit = True
    thread.join(10)


@pytest.fixture
def signed_in(browser: Browser, live_api: LiveApi) -> Iterator[Callable[..., PageRun]]:
    """Open an account page of the live API in a fresh browser context, signed in as `who`."""
    contexts = []

    def _open(account: str, who: str = "rep", locale: str = "en-US") -> PageRun:
        context = browser.new_context(viewport={"width": 1400, "height": 900}, locale=locale)
        contexts.append(context)
        page = context.new_page()
        run = PageRun(page=page, origin=live_api.origin)
        page.on("request", lambda r: run.requests.append(_url(r)))
        page.on("console", lambda m: _console(run, m))
        page.on("pageerror", lambda e: run.errors.append(f"pageerror: {e}"))
        page.on("dialog", lambda d: _dialog(run, d))
        page.on(
            "response",
            lambda r: (
                run.errors.append(f"HTTP {r.status} {r.request.method} {r.url}")
                if r.status >= 400
                else None
            ),
        )
        sign_in(page, live_api, who, f"/accounts/{account}/graph")  # as of today: edits show
        page.wait_for_selector("body[data-ready='1']", state="attached", timeout=30_000)
        return run

    yield _open
    for context in contexts:
        context.close()


def sign_in(page: Page, live_api: LiveApi, who: str, next_path: str) -> None:
    """Sign in through the form, as a person does (the token is typed, then POSTed), and go on
    to `next_path`."""
    page.goto(f"{live_api.origin}/login?next={quote(next_path)}", wait_until="load")
    page.fill("#token", live_api.tokens[who])
    with page.expect_navigation():
        page.keyboard.press("Enter")
