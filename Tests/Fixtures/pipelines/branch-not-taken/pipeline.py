"""A condition that is not taken, around a Lightweight Python component with a package. The run builds that
component's environment while `decide` runs (the engine's EnvironmentPrefetch) and must stop the build when
the run ends: no unfinished environment and no build log may be left in the store. `decide`, a shell task,
answers as soon as that environment's interpreter appears under `<store>/envs` (proof that the build started
ahead: nothing else builds it), seconds before pip could have finished seeding it and installing six."""
import sys

from kfp import compiler, dsl


@dsl.container_component
def decide(store: str, answer: dsl.OutputPath(str)):
    wait = ('for i in $(seq 600); do ls "$1"/envs/*/bin/python >/dev/null 2>&1 && break; sleep 0.1; done; '
            'ls "$1"/envs/*/bin/python >/dev/null 2>&1 || { echo "no environment is being built" >&2; exit 1; }; ')
    return dsl.ContainerSpec(image='docker.io/library/python:3.11-slim',
                             command=['sh', '-c', wait + 'mkdir -p "$(dirname "$0")" && printf no > "$0"'], args=[answer, store])


@dsl.component(base_image='python:3.11-slim', packages_to_install=['six==1.16.0'])
def with_six() -> str:
    import six
    return six.__version__


@dsl.pipeline(name='branch-not-taken')
def branch_not_taken(store: str):
    answer = decide(store=store)
    with dsl.If(answer.outputs['answer'] == 'yes'):
        with_six()


if __name__ == '__main__':
    compiler.Compiler().compile(branch_not_taken, sys.argv[1] if len(sys.argv) > 1 else 'pipeline.yaml')
