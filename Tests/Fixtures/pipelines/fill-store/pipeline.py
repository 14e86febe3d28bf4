"""A task that fills the file system holding the whole store (an artifact bigger than it), and a task
after it that therefore never runs: both outcomes must still be recorded."""
import sys

from kfp import compiler, dsl

BUSYBOX = 'docker.io/library/busybox:1.36'


@dsl.container_component
def hog(out: dsl.Output[dsl.Artifact]):
    return dsl.ContainerSpec(image=BUSYBOX, command=['sh', '-c', 'head -c 104857600 /dev/zero > "$0"'], args=[out.path])


@dsl.container_component
def after(data: dsl.Input[dsl.Artifact]):
    return dsl.ContainerSpec(image=BUSYBOX, command=['sh', '-c', 'wc -c "$0"'], args=[data.path])


@dsl.pipeline(name='fill-store')
def fill_store():
    filled = hog().set_display_name('hog')
    after(data=filled.outputs['out']).set_display_name('after')


if __name__ == '__main__':
    compiler.Compiler().compile(fill_store, sys.argv[1] if len(sys.argv) > 1 else 'pipeline.yaml')
