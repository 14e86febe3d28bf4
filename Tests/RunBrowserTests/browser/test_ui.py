"""`tarmac ui` in a real headless Chromium: the Runs page lists and filters, the ML example's Run page shows the graph,
opens a task with its log and the confusion matrix, a live run changes state on the page without a reload, a
path-traversal download is refused, and beyond loopback a request without the token gets 401."""
import json
import subprocess
import time
from pathlib import Path
from urllib.parse import quote

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import ROOT, TARMAC, TOOLS, UIServer, runs, tarmac, wait_for


def shot(browser, scratch, name):
    path = scratch / 'screenshots' / name
    browser.save_screenshot(str(path))
    assert path.stat().st_size > 10_000, f'{path} is too small'


def console_errors(browser):
    return [entry for entry in browser.get_log('browser') if entry['level'] in ('SEVERE', 'ERROR')]


def ml_run(store):
    return next(run for run in runs(store) if run['pipeline_file'].endswith('03-ml-pipeline/pipeline.yaml'))


def rows(browser):
    return browser.find_elements(By.CSS_SELECTOR, 'table.runs tr.run')


def test_runs_page_lists_and_filters(ui, store, browser, scratch):
    recorded = runs(store)
    browser.get(ui.url)
    assert [row.get_attribute('data-run') for row in rows(browser)] == [run['id'] for run in recorded]
    ml = ml_run(store)
    Select(browser.find_element(By.NAME, 'pipeline')).select_by_value(ml['pipeline'])
    browser.find_element(By.CSS_SELECTOR, 'form.filters button').click()
    wait_for(lambda: len(rows(browser)) == 1, message='one run of the pipeline')
    assert rows(browser)[0].get_attribute('data-run') == ml['id']
    shot(browser, scratch, 'runs-filtered.png')
    browser.get(ui.root)
    search = browser.find_element(By.NAME, 'q')
    search.send_keys(recorded[-1]['id'][:8])
    search.submit()
    wait_for(lambda: [row.get_attribute('data-run') for row in rows(browser)] == [recorded[-1]['id']], message='search by id')
    browser.get(ui.root + '?state=FAILED')
    assert rows(browser) == [] and browser.find_element(By.ID, 'no-runs').text == 'no runs match'
    browser.get(ui.root)
    shot(browser, scratch, 'runs.png')
    assert console_errors(browser) == []


def test_run_page_of_the_ml_example(ui, store, browser, scratch):
    ml = ml_run(store)
    browser.get(f'{ui.root}runs/{ml["id"]}')
    nodes = browser.find_elements(By.CSS_SELECTOR, 'svg.dag g.node')
    states = {node.get_attribute('data-task'): node.get_attribute('data-state') for node in nodes}
    assert {'preprocess', 'train', 'evaluate'} <= set(states) and states['train'] == 'SUCCEEDED', states
    train = browser.find_element(By.CSS_SELECTOR, 'svg.dag g.node[data-task="train"]')
    train.click()  # a real click on the graph's box
    panel = wait_for(lambda: next((d for d in browser.find_elements(By.CSS_SELECTOR, 'details.task')
                                   if d.get_attribute('open') and d.find_elements(By.CSS_SELECTOR, '.panel[data-task="train"]')), None),
                     message='the train task details open')
    log = panel.find_element(By.CSS_SELECTOR, 'details.log')
    browser.execute_script('arguments[0].open = true', log)
    text = log.find_element(By.TAG_NAME, 'pre').get_attribute('textContent')
    assert len(text) > 0, 'the log of train is shown'
    assert panel.find_element(By.CSS_SELECTOR, 'pre.inspect').get_attribute('textContent').startswith('task: train')
    assert 'train' in panel.find_element(By.CSS_SELECTOR, 'pre.explain').get_attribute('textContent')
    matrix = browser.find_element(By.CSS_SELECTOR, 'svg.confusion')
    assert 'versicolor' in matrix.get_attribute('textContent')
    assert browser.find_elements(By.CSS_SELECTOR, 'svg.roc')
    assert browser.find_elements(By.CSS_SELECTOR, 'a.download')
    browser.execute_script('arguments[0].scrollIntoView()', panel)
    shot(browser, scratch, 'run-ml-train.png')
    browser.execute_script('window.scrollTo(0, 0)')
    shot(browser, scratch, 'run-ml.png')
    assert console_errors(browser) == []


def compiled_ticker(scratch):
    """The ticker fixture (one task that waits for a gate file), compiled by the real KFP compiler."""
    out = scratch / 'ticker.yaml'
    python = TOOLS / 'kfp-2.17.3' / 'bin' / 'python'
    subprocess.run([str(python), str(ROOT / 'Tests/Fixtures/pipelines/ticker/pipeline.py'), str(out)], check=True, timeout=300)
    return out


def test_a_live_run_changes_on_the_page_without_reload(ui, store, browser, scratch):
    pipeline = compiled_ticker(scratch)
    gate = scratch / 'gate'
    gate.unlink(missing_ok=True)
    browser.get(ui.root)
    before = len(rows(browser))
    browser.execute_script('window.__notReloaded = 42')
    running = subprocess.Popen([TARMAC, 'run', str(pipeline), '--runner', 'subprocess', '--store', str(store), '-q',
                                '--param', f'gate={gate}'], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        wait_for(lambda: len(rows(browser)) == before + 1, message='the new run on the Runs page')
        assert browser.execute_script('return window.__notReloaded') == 42, 'the Runs page reloaded'
        first = rows(browser)[0]
        assert first.find_element(By.CSS_SELECTOR, '.badge').text == 'RUNNING'
        run_id = first.get_attribute('data-run')
        browser.get(f'{ui.root}runs/{run_id}')
        browser.execute_script('window.__notReloaded = 43')
        node = 'svg.dag g.node'
        wait_for(lambda: browser.find_element(By.CSS_SELECTOR, node).get_attribute('data-state') == 'RUNNING', message='RUNNING')
        details = browser.find_element(By.CSS_SELECTOR, 'details.task')
        browser.execute_script('arguments[0].open = true', details)
        live_log = details.find_element(By.CSS_SELECTOR, 'pre.live-log')
        wait_for(lambda: 'tick 2' in live_log.get_attribute('textContent'), message='the running task\'s log, live')
        assert 'tick 3' not in live_log.get_attribute('textContent')
        shot(browser, scratch, 'run-live-running.png')
        gate.touch()
        started = time.monotonic()
        wait_for(lambda: browser.find_element(By.CSS_SELECTOR, node).get_attribute('data-state') == 'SUCCEEDED',
                 timeout=60, message='SUCCEEDED on the page')
        print(f'state change seen {time.monotonic() - started:.2f} s after the gate opened')
        wait_for(lambda: 'tick 3' in live_log.get_attribute('textContent'), message='the last log line')
        wait_for(lambda: browser.find_element(By.CSS_SELECTOR, '#run-header .badge').text == 'SUCCEEDED', message='run SUCCEEDED')
        assert browser.execute_script('return window.__notReloaded') == 43, 'the Run page reloaded'
        shot(browser, scratch, 'run-live-succeeded.png')
        assert running.wait(timeout=60) == 0, running.stderr.read()
    finally:
        gate.touch()
        if running.poll() is None:
            running.terminate()
    assert console_errors(browser) == []


def test_a_path_traversal_request_is_refused(ui, store):
    ml = ml_run(store)
    shown = json.loads(tarmac('runs', 'show', ml['id'], '--json', '--store', str(store)).stdout)
    inside = next(Path(a['uri'].removeprefix('file://')) for a in shown['artifacts'] if Path(a['uri'].removeprefix('file://')).is_file())
    status, _ = ui.get(f'/runs/{ml["id"]}/file?path={quote(str(inside))}')
    assert status == 200
    for attack in [f'{inside.parent}/../../../../../../../../etc/passwd', '/etc/passwd', f'{inside.parent}/%2E%2E/%2E%2E/etc/passwd']:
        status, body = ui.get(f'/runs/{ml["id"]}/file?path={attack}')
        assert status == 403 and 'root:' not in body, (attack, status)
    link = inside.parent / 'escape-link'
    link.unlink(missing_ok=True)
    link.symlink_to('/etc/passwd')
    try:
        status, body = ui.get(f'/runs/{ml["id"]}/file?path={quote(str(link))}')
        assert status == 403 and 'root:' not in body
    finally:
        link.unlink()


def test_beyond_loopback_every_request_needs_the_token(store, browser, scratch):
    server = UIServer(store, '--host', '0.0.0.0')
    try:
        assert '?token=' in server.url
        token = server.url.split('?token=')[1]
        assert server.get('/')[0] == 401
        assert server.get('/events/runs')[0] == 401
        assert server.get('/?token=not-the-token')[0] == 401
        assert server.get('/', {'Authorization': f'Bearer {token}'})[0] == 200
        browser.get(f'http://127.0.0.1:{server.port}/')
        assert '401' in browser.find_element(By.TAG_NAME, 'body').text
        browser.get(f'http://127.0.0.1:{server.port}/?token={token}')
        assert browser.find_elements(By.CSS_SELECTOR, 'table.runs tr.run')
        run_id = runs(store)[0]['id']
        browser.get(f'http://127.0.0.1:{server.port}/runs/{run_id}')  # the cookie carries the token now
        assert browser.find_elements(By.CSS_SELECTOR, 'svg.dag')
    finally:
        server.stop()
