"""Outputs that are not files (issue 17.1/17.2): a FIFO and a character device in place of an output
artifact, a 3 GB sparse file, and a directory holding a FIFO and a socket beside a real file.

The FIFO and the device must fail only their task, at once (no hang, nothing read from the device);
the sparse file is stored with its holes kept; the directory is stored without its FIFO and socket,
and the task's warnings say so.
"""
import os
import sys

from kfp import compiler, dsl

BUSYBOX = 'docker.io/library/busybox:1.36'
PREPARE = 'mkdir -p "$(dirname "$0")"; '


@dsl.container_component
def fifo_output(out: dsl.Output[dsl.Artifact]):
    return dsl.ContainerSpec(image=BUSYBOX, command=['sh', '-c', PREPARE + 'mkfifo "$0"', out.path])


@dsl.container_component
def device_output(out: dsl.Output[dsl.Artifact]):
    return dsl.ContainerSpec(image=BUSYBOX, command=['sh', '-c', PREPARE + 'mknod "$0" c 1 5', out.path])


@dsl.container_component
def sparse_output(out: dsl.Output[dsl.Artifact]):
    return dsl.ContainerSpec(image=BUSYBOX, command=['sh', '-c', PREPARE + 'truncate -s 3G "$0"; printf end >> "$0"', out.path])


@dsl.container_component
def special_entries(out: dsl.Output[dsl.Artifact]):
    return dsl.ContainerSpec(image=BUSYBOX, command=[
        'sh', '-c',
        'mkdir -p "$0/sub"; echo kept > "$0/sub/file.txt"; mkfifo "$0/pipe"; '
        # A socket's path is limited to 108 bytes: bound relative to its directory.
        'cd "$0/sub" && python3 -c "import socket; socket.socket(socket.AF_UNIX).bind(\'sock\')"',
        out.path])


@dsl.pipeline(name='special-outputs')
def special_outputs():
    fifo_output().set_display_name('fifo')
    device_output().set_display_name('device')
    sparse_output().set_display_name('sparse')
    special_entries().set_display_name('entries')


if __name__ == '__main__':
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), 'pipeline.yaml')
    compiler.Compiler().compile(special_outputs, out)
