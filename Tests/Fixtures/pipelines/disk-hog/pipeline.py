"""A task that fills the disk of its pipeline root (an artifact bigger than the file system, then more log
output), after an independent healthy task that wrote its own artifact."""
import sys

from kfp import compiler, dsl

BUSYBOX = 'docker.io/library/busybox:1.36'


@dsl.container_component
def small(out: dsl.Output[dsl.Artifact]):
    return dsl.ContainerSpec(image=BUSYBOX, command=['sh', '-c', 'echo small > "$0"'], args=[out.path])


@dsl.container_component
def hog(out: dsl.Output[dsl.Artifact]):
    script = 'head -c 104857600 /dev/zero > "$0"; status=$?; head -c 31457280 /dev/zero | tr "\\\\0" y | fold -w 99; exit $status'
    return dsl.ContainerSpec(image=BUSYBOX, command=['sh', '-c', script], args=[out.path])


@dsl.pipeline(name='disk-hog')
def disk_hog():
    first = small().set_display_name('small')
    hog().set_display_name('hog').after(first)


if __name__ == '__main__':
    compiler.Compiler().compile(disk_hog, sys.argv[1] if len(sys.argv) > 1 else 'pipeline.yaml')
