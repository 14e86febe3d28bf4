"""kfp-kubernetes platform features.

* mount_pvc: a PVC named by a constant is mounted in two tasks; the first
  writes a file into it, the second (ordered with .after) reads it back;
* use_secret_as_env: an optional secret becomes an environment variable;
* add_node_selector, add_toleration, set_timeout, add_pod_label: scheduling
  hints and limits that a local executor may ignore or honour.
"""
import inspect
import os
import sys

from kfp import compiler, dsl, kubernetes

PY = 'python:3.11-slim'
PVC_NAME = 'tarmac-shared-data'
MOUNT = '/mnt/shared'


@dsl.component(base_image=PY)
def write_shared(mount_path: str, text: str) -> str:
    import os
    folder = os.path.join(mount_path, 'handoff')
    os.makedirs(folder, exist_ok=True)
    target = os.path.join(folder, 'message.txt')
    with open(target, 'w') as f:
        f.write(text + '\n')
    print(f'wrote {target}')
    return 'handoff/message.txt'


@dsl.component(base_image=PY)
def read_shared(mount_path: str, relative_path: str) -> str:
    import os
    with open(os.path.join(mount_path, relative_path)) as f:
        text = f.read().strip()
    print(text)
    return text


@dsl.component(base_image=PY)
def check_secret(variable: str) -> str:
    import os
    value = os.environ.get(variable)
    # Never print the secret itself.
    state = f'{variable} is set ({len(value)} chars)' if value else f'{variable} is not set'
    print(state)
    return 'set' if value else 'unset'


def _use_optional_secret(task, secret_name, mapping):
    """kfp-kubernetes >= 1.3 supports optional=True; 1.2.0 (paired with the
    kfp 2.7.0 fixture) does not, so there the secret is required."""
    if 'optional' in inspect.signature(kubernetes.use_secret_as_env).parameters:
        return kubernetes.use_secret_as_env(task, secret_name=secret_name,
                                            secret_key_to_env=mapping, optional=True)
    return kubernetes.use_secret_as_env(task, secret_name=secret_name,
                                        secret_key_to_env=mapping)


@dsl.pipeline(name='kubernetes-features',
              description='PVC hand-off, optional secret env, node selector, toleration, timeout.')
def kubernetes_features(text: str = 'written by write-shared') -> str:
    writer = write_shared(mount_path=MOUNT, text=text)
    writer.set_caching_options(False)  # the file lives outside the artifact store
    kubernetes.mount_pvc(writer, pvc_name=PVC_NAME, mount_path=MOUNT)
    kubernetes.add_node_selector(writer, label_key='disktype', label_value='ssd')
    kubernetes.set_timeout(writer, 600)

    reader = read_shared(mount_path=MOUNT, relative_path=writer.output)
    reader.set_caching_options(False)
    kubernetes.mount_pvc(reader, pvc_name=PVC_NAME, mount_path=MOUNT)
    kubernetes.add_toleration(reader, key='dedicated', operator='Equal',
                              value='pipelines', effect='NoSchedule')
    kubernetes.add_pod_label(reader, label_key='app', label_value='tarmac-example')

    secret = check_secret(variable='DEMO_TOKEN')
    _use_optional_secret(secret, 'tarmac-demo-credentials', {'token': 'DEMO_TOKEN'})
    kubernetes.set_timeout(secret, 300)

    return reader.output


if __name__ == '__main__':
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), 'pipeline.yaml')
    compiler.Compiler().compile(kubernetes_features, out)
