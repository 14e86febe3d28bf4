"""Fixtures of the `tarmac ui` browser tests: the tarmac binary, a scratch directory, a store with the ML example
and the shell example run in it, a `tarmac ui` server on it, and headless Chromium driven by Selenium."""
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

ROOT = Path(__file__).resolve().parents[3]
TARMAC = os.environ.get('TARMAC_BINARY') or str(ROOT / '.build' / 'debug' / 'tarmac')
TOOLS = Path(os.environ.get('TARMAC_TOOLS') or ROOT / '.tools')


@pytest.fixture(scope='session')
def scratch():
    """The test run's directory (TARMAC_UI_SCRATCH, else a new one); screenshots go to its `screenshots/`."""
    path = Path(os.environ.get('TARMAC_UI_SCRATCH') or tempfile.mkdtemp(prefix='tarmac-ui-'))
    (path / 'screenshots').mkdir(parents=True, exist_ok=True)
    return path


def tarmac(*args, check=True, timeout=900):
    """Runs tarmac; returns the CompletedProcess (text)."""
    done = subprocess.run([TARMAC, *args], capture_output=True, text=True, timeout=timeout)
    if check and done.returncode != 0:
        raise AssertionError(f'tarmac {" ".join(args)} exited {done.returncode}\n{done.stdout}\n{done.stderr}')
    return done


@pytest.fixture(scope='session')
def store(scratch):
    """A store holding a run of examples/03-ml-pipeline and of examples/01-shell-components (subprocess runner).
    Its Python environments are shared between test runs ($TARMAC_TOOLS/ui-test-envs), so pip runs once."""
    path = scratch / 'store'
    if path.exists():
        shutil.rmtree(path)
    path.mkdir()
    envs = TOOLS / 'ui-test-envs'
    envs.mkdir(parents=True, exist_ok=True)
    (path / 'envs').symlink_to(envs)
    for example in ['03-ml-pipeline', '01-shell-components']:
        tarmac('run', str(ROOT / 'examples' / example / 'pipeline.yaml'), '--runner', 'subprocess', '--store', str(path), '-q')
    return path


def runs(store):
    """The store's runs, newest first (`tarmac runs list --json`)."""
    return json.loads(tarmac('runs', 'list', '--limit', '0', '--json', '--store', str(store)).stdout)['runs']


class UIServer:
    """A running `tarmac ui`; `url` is what it printed on stdout."""

    def __init__(self, store, *extra):
        self.process = subprocess.Popen([TARMAC, 'ui', '--store', str(store), *extra],
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.process.stdout.readline().strip()
        if not line.startswith('http://'):
            self.process.kill()
            raise AssertionError(f'tarmac ui printed {line!r}; stderr: {self.process.stderr.read()}')
        self.url = line
        self.root = re.sub(r'\?.*$', '', line)
        self.port = int(re.search(r':(\d+)/', line).group(1))

    def get(self, path, headers=None):
        """GET `path` on loopback: (status, body)."""
        request = urllib.request.Request(f'http://127.0.0.1:{self.port}{path}', headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.read().decode('utf-8', 'replace')
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode('utf-8', 'replace')

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture(scope='session')
def ui(store):
    server = UIServer(store)
    yield server
    server.stop()


@pytest.fixture(scope='session')
def browser(scratch):
    """Headless Debian Chromium through Debian's chromedriver (no Selenium Manager, no network)."""
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which('chromium') or '/usr/bin/chromium'
    for argument in ['--headless=new', '--no-sandbox', '--disable-gpu', '--window-size=1280,1800',
                     f'--user-data-dir={scratch / "chromium-profile"}']:
        options.add_argument(argument)
    options.set_capability('goog:loggingPrefs', {'browser': 'ALL'})
    driver = webdriver.Chrome(service=Service(shutil.which('chromedriver') or '/usr/bin/chromedriver'), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def wait_for(condition, timeout=30, interval=0.1, message='condition'):
    """Polls `condition` until it returns something true; fails after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f'timed out after {timeout} s waiting for {message}')
