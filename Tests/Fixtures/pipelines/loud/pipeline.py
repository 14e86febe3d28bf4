"""A task that writes `megabytes` MiB of log output (lines of 1,000 characters) and then succeeds."""
import sys

from kfp import compiler, dsl

BUSYBOX = 'docker.io/library/busybox:1.36'


@dsl.container_component
def loud(megabytes: int):
    script = 'head -c $(($0 * 1048576)) /dev/zero | tr "\\\\0" x | fold -w 999; echo done'
    return dsl.ContainerSpec(image=BUSYBOX, command=['sh', '-c', script], args=[megabytes])


@dsl.pipeline(name='loud')
def loud_pipeline(megabytes: int = 1024):
    loud(megabytes=megabytes).set_display_name('loud')


if __name__ == '__main__':
    compiler.Compiler().compile(loud_pipeline, sys.argv[1] if len(sys.argv) > 1 else 'pipeline.yaml')
