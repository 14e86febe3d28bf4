"""kfp-kubernetes volumes and pod settings in a container: a secret and a config map as files
(`use_secret_as_volume`, `use_config_map_as_volume`), an emptyDir on disk and one in memory with a
size limit, a generic ephemeral volume, `set_security_context` (user and group), and shared memory.

Two tasks run the same probe one after the other. Each writes what it sees to its `report`; the
first also leaves a file in every writable volume, so the second shows that emptyDir and ephemeral
volumes are fresh for each task. Two more tasks ask for `run_as_non_root`: with a user it runs; with
busybox's own user (root) the kubelet refuses to start it, and so does Tarmac. kfp-kubernetes 2.17.3 has no helper for `enabledSharedMemory`
(the field is in its KubernetesExecutorConfig proto), so `enable_shared_memory` below sets that
field the way the helpers set theirs."""
import os
import sys

from google.protobuf import json_format
from kfp import compiler, dsl, kubernetes
from kfp.kubernetes import common

BUSYBOX = 'docker.io/library/busybox:1.36'

PROBE = r'''
out="$0"
leave="$1"
{
  echo "uid=$(id -u) gid=$(id -g)"
  echo "secret-sha256=$(sha256sum /etc/creds/token | cut -d' ' -f1)"
  if touch /etc/creds/new 2>/dev/null; then echo secret-writable=yes; else echo secret-writable=no; fi
  echo "config=$(cat /etc/app/setting)"
  for dir in /scratch /cache /ephemeral; do
    echo "$dir-entries=$(ls -A $dir | wc -l)"
    if touch $dir/probe 2>/dev/null; then echo "$dir-writable=yes"; else echo "$dir-writable=no"; fi
    [ "$leave" = yes ] || rm -f $dir/probe
  done
  echo "cache-mount=$(awk '$2 == "/cache" {print $3, $4}' /proc/mounts)"
  echo "shm-kib=$(df -k /dev/shm | awk 'NR == 2 {print $2}')"
} > "$out"
'''


@dsl.container_component
def probe(leave: str, report: dsl.OutputPath(str)):
    return dsl.ContainerSpec(image=BUSYBOX, command=['sh', '-c', PROBE], args=[report, leave])


@dsl.container_component
def whoami():
    return dsl.ContainerSpec(image=BUSYBOX, command=['sh', '-c', 'echo "uid=$(id -u)"'])


def enable_shared_memory(task, size: str):
    msg = common.get_existing_kubernetes_config_as_message(task)
    msg.enabled_shared_memory.volume_name = 'shm'
    msg.enabled_shared_memory.size = size
    task.platform_config['kubernetes'] = json_format.MessageToDict(msg)
    return task


def with_volumes(task):
    task.set_caching_options(False)
    kubernetes.use_secret_as_volume(task, secret_name='tarmac-files', mount_path='/etc/creds')
    kubernetes.use_config_map_as_volume(task, config_map_name='tarmac-config', mount_path='/etc/app')
    kubernetes.empty_dir_mount(task, volume_name='scratch', mount_path='/scratch')
    kubernetes.empty_dir_mount(task, volume_name='cache', mount_path='/cache', medium='Memory', size_limit='16Mi')
    kubernetes.add_ephemeral_volume(task, volume_name='ephemeral', mount_path='/ephemeral',
                                    access_modes=['ReadWriteOnce'], size='1Gi')
    kubernetes.set_security_context(task, run_as_user=1234, run_as_group=2345)
    enable_shared_memory(task, '128Mi')
    return task


@dsl.pipeline(name='kubernetes-volumes')
def kubernetes_volumes():
    first = with_volumes(probe(leave='yes')).set_display_name('first')
    with_volumes(probe(leave='no')).set_display_name('second').after(first)
    as_user = whoami().set_display_name('non-root-user').set_caching_options(False)
    kubernetes.set_security_context(as_user, run_as_user=1234, run_as_non_root=True)
    as_root = whoami().set_display_name('non-root-image').set_caching_options(False)
    kubernetes.set_security_context(as_root, run_as_non_root=True)


if __name__ == '__main__':
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), 'pipeline.yaml')
    compiler.Compiler().compile(kubernetes_volumes, out)
