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


def ml_runs(store):
    """The store's runs of examples/03-ml-pipeline, newest first; a second one (n_estimators=3, test_size=0.3: other
    metrics, another ROC curve) is run once."""
    found = [run for run in runs(store) if run['pipeline_file'].endswith('03-ml-pipeline/pipeline.yaml')]
    if len(found) < 2:
        tarmac('run', str(ROOT / 'examples' / '03-ml-pipeline' / 'pipeline.yaml'), '--runner', 'subprocess', '--store', str(store),
               '-q', '--param', 'n_estimators=3', '--param', 'test_size=0.3')
        found = [run for run in runs(store) if run['pipeline_file'].endswith('03-ml-pipeline/pipeline.yaml')]
    return found


def test_compare_two_ml_runs_marks_differences_and_overlays_roc(ui, store, browser, scratch):
    console_errors(browser)  # drains what earlier tests left (the token test's 401s)
    two = ml_runs(store)[:2]
    browser.get(ui.root)
    for run in two:
        browser.find_element(By.CSS_SELECTOR, f'input[name=run][value="{run["id"]}"]').click()
    browser.find_element(By.ID, 'compare').click()
    wait_for(lambda: '/compare?runs=' in browser.current_url, message='the Compare page')
    assert browser.current_url.endswith('/compare?runs=' + ','.join(run['id'] for run in two))
    marked = [row.find_element(By.TAG_NAME, 'th').text
              for row in browser.find_elements(By.CSS_SELECTOR, '#compare-parameters tr.differs')]
    assert marked == ['n_estimators', 'test_size'], marked
    cells = browser.find_elements(By.CSS_SELECTOR, '#compare-parameters tr.differs td.differs')
    assert len(cells) == 4 and {cell.text for cell in cells} >= {'3', '0.3'}, [cell.text for cell in cells]
    equal = [row for row in browser.find_elements(By.CSS_SELECTOR, '#compare-parameters tr')
             if row.find_elements(By.TAG_NAME, 'th')[0].text == 'seed']
    assert equal and 'differs' not in (equal[0].get_attribute('class') or '')
    curves = browser.find_elements(By.CSS_SELECTOR, 'svg.roc path.curve')
    assert len(browser.find_elements(By.CSS_SELECTOR, 'svg.roc')) == 1 and len(curves) == 2
    labels = [curve.get_attribute('data-label') for curve in curves]
    assert [label.split()[0] for label in labels] == [run['id'][:8] for run in two], labels
    assert len(browser.find_elements(By.CSS_SELECTOR, 'svg.roc g.legend-entry')) == 2
    metrics = [row.find_element(By.TAG_NAME, 'th').text for row in browser.find_elements(By.CSS_SELECTOR, '#compare-metrics tr.differs')]
    assert 'evaluate.metrics.test_rows' in metrics, metrics
    shot(browser, scratch, 'compare-ml.png')
    assert ui.get('/compare?runs=' + two[0]['id'])[0] == 400
    assert ui.get(f'/compare?runs={two[0]["id"]},nosuchrun')[0] == 404
    assert console_errors(browser) == []


def test_lineage_page_lists_producer_and_consumer(ui, store, browser, scratch):
    console_errors(browser)  # drains what earlier tests left (the token test's 401s)
    ml = ml_run(store)
    shown = json.loads(tarmac('runs', 'show', ml['id'], '--json', '--store', str(store)).stdout)
    dataset = next(a for a in shown['artifacts'] if a['task'] == 'preprocess' and a['type'] == 'system.Dataset')
    browser.get(f'{ui.root}runs/{ml["id"]}')
    link = browser.find_element(By.CSS_SELECTOR, f'a.lineage[href="/artifacts/{dataset["id"]}"]')
    browser.execute_script('arguments[0].scrollIntoView()', link)
    link.click()
    wait_for(lambda: '/artifacts/' in browser.current_url, message='the lineage page')
    producer = browser.find_element(By.CSS_SELECTOR, 'ul.producer').text
    assert 'preprocess' in producer and ml['id'][:8] in producer, producer
    consumers = [li.text for li in browser.find_elements(By.CSS_SELECTOR, 'ul.consumers li')]
    assert any(text.split()[0] in ('train', 'evaluate') and ml['id'][:8] in text for text in consumers), consumers
    shot(browser, scratch, 'lineage-dataset.png')
    browser.find_element(By.CSS_SELECTOR, 'ul.consumers a.task-link').click()
    panel = wait_for(lambda: next((d for d in browser.find_elements(By.CSS_SELECTOR, 'details.task')
                                   if d.get_attribute('open') and d.find_elements(By.CSS_SELECTOR, '.panel')), None),
                     message='the consumer task opened on its Run page')
    assert panel.find_element(By.CSS_SELECTOR, '.panel').get_attribute('data-task') in {c.split()[0] for c in consumers}
    assert ui.get('/artifacts/no-such-artifact')[0] == 404
    assert console_errors(browser) == []


def post(server, path, body, origin):
    """POST a form to `server` with `Origin: origin` (None: no Origin header): the status (a redirect is not followed)."""
    import http.client
    connection = http.client.HTTPConnection('127.0.0.1', server.port, timeout=30)
    headers = {'Content-Type': 'application/x-www-form-urlencoded'}
    if origin:
        headers['Origin'] = origin
    connection.request('POST', path, body=body, headers=headers)
    status = connection.getresponse().status
    connection.close()
    return status


def test_cache_page_lists_entries_and_deletes_only_when_allowed(ui, store, browser, scratch):
    console_errors(browser)  # drains what earlier tests left (the token test's 401s)
    browser.get(f'{ui.root}cache')
    entries = browser.find_elements(By.CSS_SELECTOR, 'table.cache tr.entry')
    assert entries, 'the runs wrote cache entries'
    assert browser.find_elements(By.CSS_SELECTOR, 'table.cache[data-pipeline="iris-ml-pipeline"]')
    assert not browser.find_elements(By.CSS_SELECTOR, 'form.delete button')
    key = entries[0].get_attribute('data-key')
    pipeline = entries[0].find_element(By.XPATH, './ancestor::table').get_attribute('data-pipeline')
    assert post(ui, '/cache/delete', f'pipeline={quote(pipeline)}&key={key}', ui.root.rstrip('/')) == 403
    shot(browser, scratch, 'cache-read-only.png')
    server = UIServer(store, '--allow-delete')
    try:
        assert post(server, '/cache/delete', f'pipeline={quote(pipeline)}&key={key}', 'http://evil.example') == 403
        browser.get(f'{server.root}cache')
        before = len(browser.find_elements(By.CSS_SELECTOR, 'table.cache tr.entry'))
        assert before == len(entries)
        row = browser.find_element(By.CSS_SELECTOR, f'table.cache tr.entry[data-key="{key}"]')
        button = row.find_element(By.CSS_SELECTOR, 'form.delete button')
        browser.execute_script('arguments[0].scrollIntoView()', button)
        button.click()
        wait_for(lambda: browser.find_elements(By.ID, 'cache-notice'), message='the delete notice')
        assert 'deleted the entry' in browser.find_element(By.ID, 'cache-notice').text
        assert not browser.find_elements(By.CSS_SELECTOR, f'table.cache tr.entry[data-key="{key}"]')
        assert len(browser.find_elements(By.CSS_SELECTOR, 'table.cache tr.entry')) == before - 1
        stats = tarmac('cache', 'stats', '--json', '--store', str(store)).stdout
        assert json.loads(stats)['entries'] == before - 1, stats
        shot(browser, scratch, 'cache-deleted.png')
    finally:
        server.stop()
    assert console_errors(browser) == []


def test_the_collapse_toggle_works_after_the_live_graph_is_swapped_in(ui, store, browser, scratch):
    console_errors(browser)  # drains what earlier tests left (the token test's 401s)
    ml = ml_run(store)
    browser.get(f'{ui.root}runs/{ml["id"]}')
    toggles = browser.find_elements(By.CSS_SELECTOR, 'svg.dag .toggle')
    assert toggles, 'the ML graph has a sub-DAG (the deploy condition)'
    group = toggles[0].get_attribute('data-toggle')
    browser.execute_script('window.__old = document.querySelector("svg.dag"); return window.tarmacRegraph()')
    wait_for(lambda: browser.execute_script('return document.querySelector("svg.dag") !== window.__old'), message='the graph swapped in')
    toggle = browser.find_element(By.CSS_SELECTOR, f'svg.dag .toggle[data-toggle="{group}"]')
    inside = f'svg.dag [data-groups~="{group}"]'
    hidden = lambda: [el.value_of_css_property('display') == 'none' for el in browser.find_elements(By.CSS_SELECTOR, inside)
                      if el.get_attribute('data-task')]
    assert hidden() and not any(hidden())
    toggle.click()
    wait_for(lambda: all(hidden()), message='the sub-DAG collapsed')
    assert toggle.find_element(By.TAG_NAME, 'text').text == '+'
    shot(browser, scratch, 'toggle-after-swap.png')
    toggle.click()
    wait_for(lambda: not any(hidden()), message='the sub-DAG expanded')
    assert console_errors(browser) == []


def test_sliced_classification_metrics_per_slice_on_the_run_page_and_in_the_report(ui, store, browser, scratch):
    console_errors(browser)  # drains what earlier tests left (the token test's 401s)
    pipeline = ROOT / 'Tests/Fixtures/pipelines/sliced-metrics/pipeline.yaml'
    tarmac('run', str(pipeline), '--runner', 'subprocess', '--store', str(store), '-q')
    run = next(r for r in runs(store) if r['pipeline_file'] == str(pipeline))
    browser.get(f'{ui.root}runs/{run["id"]}')
    slices = browser.find_elements(By.CSS_SELECTOR, 'div.slice')
    assert [s.get_attribute('data-slice') for s in slices] == ['adults', 'children']
    for s in slices:
        assert s.find_elements(By.CSS_SELECTOR, 'svg.confusion') and s.find_elements(By.CSS_SELECTOR, 'svg.roc path.curve')
    assert '52' in slices[0].find_element(By.CSS_SELECTOR, 'svg.confusion').get_attribute('textContent')
    browser.execute_script('arguments[0].scrollIntoView()', slices[0])
    shot(browser, scratch, 'sliced-metrics.png')
    report = scratch / 'sliced-report.html'
    tarmac('report', run['id'], '--store', str(store), '--output', str(report))
    assert report.read_text().count('<div class="slice"') == 2
    assert console_errors(browser) == []
