"""HTML, Markdown and Metrics artifacts for `tarmac report`: the HTML page and the Markdown notes each
carry a script that must not run in the report (the HTML one sits in a sandboxed iframe, the
Markdown one is escaped)."""
import sys

from kfp import compiler, dsl
from kfp.dsl import HTML, Markdown, Metrics, Output


@dsl.component(base_image='python:3.11-slim')
def write_pages(page: Output[HTML], notes: Output[Markdown], scores: Output[Metrics]):
    with open(page.path, 'w') as f:
        f.write('<h2>Model card</h2><p>All <b>good</b>.</p>'
                '<script>parent.document.title = "pwned-by-html"</script>')
    with open(notes.path, 'w') as f:
        f.write('# Release notes\n\nThe model is **faster** and `safer`.\n\n- one\n- two\n\n'
                '| metric | value |\n|---|---|\n| score | 0.5 |\n\n'
                '<script>document.title = "pwned-by-markdown"</script>\n')
    scores.log_metric('score', 0.5)
    print('wrote the pages')


@dsl.pipeline(name='report-artifacts')
def report_artifacts():
    write_pages()


if __name__ == '__main__':
    compiler.Compiler().compile(report_artifacts, sys.argv[1] if len(sys.argv) > 1 else 'pipeline.yaml')
