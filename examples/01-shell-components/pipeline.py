"""Container components that need nothing but a POSIX shell and busybox tools.

Shows: @dsl.container_component, dsl.ConcatPlaceholder, dsl.IfPresentPlaceholder
(with and without else_), OutputPath parameters and Output artifacts written by
shell scripts, input artifacts read with cat/wc/tr/sed, pipeline outputs.
"""
import os
import sys
from typing import NamedTuple, Optional

from kfp import compiler, dsl
from kfp.dsl import Artifact, Dataset, Input, Markdown, Output, OutputPath

BUSYBOX = 'docker.io/library/busybox:1.36'

WRITE_LINES_SH = r'''set -eu
text="$1"; repeat="$2"; out="$3"; count_file="$4"
mkdir -p "$(dirname "$out")" "$(dirname "$count_file")"
: > "$out"
i=1
while [ "$i" -le "$repeat" ]; do
  printf '%s %s\n' "$i" "$text" >> "$out"
  i=$((i + 1))
done
wc -l < "$out" | tr -d ' \n' > "$count_file"
echo "wrote $(cat "$count_file") lines to $out"
'''

SHOUT_SH = r'''set -eu
mkdir -p "$(dirname "$2")"
tr 'a-z' 'A-Z' < "$1" | sed 's/^/> /' > "$2"
cat "$2"
'''

BANNER_SH = r'''set -eu
out="$1"; shift
title=""; subtitle="(unset)"; footer="(none)"
while [ "$#" -gt 0 ]; do
  case "$1" in
    --title=*) title="${1#--title=}" ;;
    --subtitle) subtitle="$2"; shift ;;
    --no-subtitle) subtitle="(no subtitle)" ;;
    --footer=*) footer="${1#--footer=}" ;;
    *) echo "unexpected argument: $1" >&2; exit 2 ;;
  esac
  shift
done
mkdir -p "$(dirname "$out")"
{
  printf '# %s\n\n' "$title"
  printf '_%s_\n\n' "$subtitle"
  printf 'footer: %s\n' "$footer"
} > "$out"
cat "$out"
'''

REPORT_SH = r'''set -eu
banner_a="$1"; banner_b="$2"; loud="$3"; count="$4"; report="$5"; summary="$6"
mkdir -p "$(dirname "$report")" "$(dirname "$summary")"
{
  cat "$banner_a"
  printf '\n---\n\n'
  cat "$banner_b"
  printf '\n## Shouted lines (%s)\n\n' "$count"
  cat "$loud"
} > "$report"
words=$(cat "$loud" | wc -w | tr -d ' ')
printf 'lines=%s words=%s' "$count" "$words" > "$summary"
cat "$summary"; echo
'''


@dsl.container_component
def write_lines(text: str, repeat: int, lines: Output[Artifact],
                line_count: OutputPath(int)):
    """Writes `repeat` numbered copies of `text`; outputs the line count."""
    return dsl.ContainerSpec(
        image=BUSYBOX,
        command=['sh', '-c', WRITE_LINES_SH, 'write-lines'],
        args=[text, repeat, lines.path, line_count],
    )


@dsl.container_component
def shout(lines: Input[Artifact], loud: Output[Dataset]):
    """Upper-cases an artifact with tr and prefixes every line with sed."""
    return dsl.ContainerSpec(
        image=BUSYBOX,
        command=['sh', '-c', SHOUT_SH, 'shout'],
        args=[lines.path, loud.path],
    )


@dsl.container_component
def render_banner(title: str, width: int, banner: Output[Markdown],
                  subtitle: Optional[str] = None,
                  footer: Optional[str] = None):
    """Concat + IfPresent (with else_) + IfPresent (without else_)."""
    return dsl.ContainerSpec(
        image=BUSYBOX,
        command=['sh', '-c', BANNER_SH, 'render-banner'],
        args=[
            banner.path,
            dsl.ConcatPlaceholder(['--title=', title, ' [width ', width, ']']),
            dsl.IfPresentPlaceholder(
                input_name='subtitle',
                then=['--subtitle', subtitle],
                else_=['--no-subtitle']),
            dsl.IfPresentPlaceholder(
                input_name='footer',
                then=[dsl.ConcatPlaceholder(['--footer=', footer])]),
        ],
    )


@dsl.container_component
def assemble_report(banner_a: Input[Markdown], banner_b: Input[Markdown],
                    loud: Input[Dataset], line_count: int,
                    report: Output[Markdown], summary: OutputPath(str)):
    """Concatenates artifacts with cat and counts words with wc."""
    return dsl.ContainerSpec(
        image=BUSYBOX,
        command=['sh', '-c', REPORT_SH, 'assemble-report'],
        args=[banner_a.path, banner_b.path, loud.path, line_count,
              report.path, summary],
    )


@dsl.pipeline(
    name='shell-components',
    description='Busybox-only container components with placeholders.')
def shell_components(
    text: str = 'hello from busybox',
    repeat: int = 3,
    title: str = 'Tarmac shell demo',
    subtitle: str = 'made with sh and printf',
    footer: Optional[str] = None,
) -> NamedTuple('Outputs', report=Markdown, summary=str, line_count=int):
    lines_task = write_lines(text=text, repeat=repeat)
    shout_task = shout(lines=lines_task.outputs['lines'])
    # subtitle given, footer not given: "--subtitle ..." and no footer args.
    banner_a = render_banner(title=title, width=40, subtitle=subtitle)
    banner_a.set_display_name('banner with subtitle')
    # subtitle not given (else_ branch: --no-subtitle); footer bound to an
    # optional pipeline parameter that defaults to None, so it is absent too.
    banner_b = render_banner(title='second banner', width=20, footer=footer)
    banner_b.set_display_name('banner without subtitle')
    report_task = assemble_report(
        banner_a=banner_a.outputs['banner'],
        banner_b=banner_b.outputs['banner'],
        loud=shout_task.outputs['loud'],
        line_count=lines_task.outputs['line_count'],
    )
    Outputs = NamedTuple('Outputs', report=Markdown, summary=str, line_count=int)
    return Outputs(
        report=report_task.outputs['report'],
        summary=report_task.outputs['summary'],
        line_count=lines_task.outputs['line_count'],
    )


if __name__ == '__main__':
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), 'pipeline.yaml')
    compiler.Compiler().compile(shell_components, out)
