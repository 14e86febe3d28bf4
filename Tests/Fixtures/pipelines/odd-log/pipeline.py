"""A task whose log holds a byte that is not UTF-8 (Latin-1 'é') and raw terminal escapes: a window
title (OSC 0), a clipboard write (OSC 52) and a screen clear (CSI 2J)."""
import sys

from kfp import compiler, dsl

BUSYBOX = 'docker.io/library/busybox:1.36'


@dsl.container_component
def odd():
    script = r"printf 'caf\351\n\033]0;pwned\007\033]52;c;aGk=\007\033[2Jdone\n'"
    return dsl.ContainerSpec(image=BUSYBOX, command=['sh', '-c', script])


@dsl.pipeline(name='odd-log')
def odd_log():
    odd().set_display_name('odd')


if __name__ == '__main__':
    compiler.Compiler().compile(odd_log, sys.argv[1] if len(sys.argv) > 1 else 'pipeline.yaml')
