"""kfp-kubernetes CreatePVC / DeletePVC as platform tasks (issue 18 point 2).

They compile to executors with image `argostub/createpvc|deletepvc` and no command; the KFP driver creates
the claim (a UUID followed by `pvc_name_suffix`), outputs its `name`, and deletes it
(backend/src/v2/driver/k8s.go). `write` and `read` mount the claim named by `createpvc`'s output, so
`read` sees what `write` left there.
"""
import sys

from kfp import compiler, dsl, kubernetes

BUSYBOX = 'docker.io/library/busybox:1.36'


@dsl.container_component
def write(text: str):
    return dsl.ContainerSpec(image=BUSYBOX, command=['sh', '-c', 'printf "%s" "$0" > /data/note'], args=[text])


@dsl.container_component
def read(said: dsl.OutputPath(str)):
    return dsl.ContainerSpec(image=BUSYBOX, command=['sh', '-c', 'cat /data/note > "$0"'], args=[said])


@dsl.pipeline(name='pvc-lifecycle')
def pvc_lifecycle(text: str = 'kept in a claim') -> str:
    pvc = kubernetes.CreatePVC(pvc_name_suffix='-scratch', access_modes=['ReadWriteOnce'], size='1Gi',
                               storage_class_name='standard')
    wrote = write(text=text).set_caching_options(False)
    kubernetes.mount_pvc(wrote, pvc_name=pvc.outputs['name'], mount_path='/data')
    seen = read().after(wrote).set_caching_options(False)
    kubernetes.mount_pvc(seen, pvc_name=pvc.outputs['name'], mount_path='/data')
    kubernetes.DeletePVC(pvc_name=pvc.outputs['name']).after(seen)
    return seen.outputs['said']


if __name__ == '__main__':
    compiler.Compiler().compile(pvc_lifecycle, sys.argv[1] if len(sys.argv) > 1 else 'pipeline.yaml')
