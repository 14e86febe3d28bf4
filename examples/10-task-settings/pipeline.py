"""Per-task settings: caching, retries, environment variables, resources.

None of these settings change what the components compute; they only change
how the executor runs them. Every task succeeds on its first attempt.
"""
import inspect
import os
import sys
from typing import Dict, List, NamedTuple

from kfp import compiler, dsl

PY = 'python:3.11-slim'


@dsl.component(base_image=PY)
def read_env(names: List[str]) -> Dict[str, str]:
    import os
    values = {name: os.environ.get(name, '<unset>') for name in names}
    print(values)
    return values


@dsl.component(base_image=PY)
def sum_of_squares(n: int) -> int:
    return sum(i * i for i in range(n + 1))


@dsl.component(base_image=PY)
def divide(numerator: int, denominator: float) -> float:
    return round(numerator / denominator, 6)


@dsl.component(base_image=PY)
def uncached_echo(text: str) -> str:
    print(text)
    return text


@dsl.component(base_image=PY)
def keyed_echo(text: str) -> str:
    return text.upper()


def _cache_with_key(task, key):
    """set_caching_options(cache_key=...) exists from kfp 2.13 on; older SDKs
    (the 2.7.0 fixture) just enable caching."""
    if 'cache_key' in inspect.signature(task.set_caching_options).parameters:
        return task.set_caching_options(enable_caching=True, cache_key=key)
    return task.set_caching_options(True)


@dsl.pipeline(name='task-settings',
              description='Caching, retry, env vars and resource settings.')
def task_settings(n: int = 10, text: str = 'settings demo') -> NamedTuple(
        'Outputs', env=Dict[str, str], total=int, ratio=float):
    env = read_env(names=['GREETING', 'TARMAC_MODE', 'NOT_SET_ANYWHERE'])
    env.set_env_variable('GREETING', 'hello')
    env.set_env_variable('TARMAC_MODE', 'demo')
    env.set_display_name('read environment')

    total = sum_of_squares(n=n)
    total.set_cpu_request('100m').set_cpu_limit('500m')
    total.set_memory_request('64M').set_memory_limit('256Mi')
    total.set_retry(num_retries=3, backoff_duration='1s', backoff_factor=2.0,
                    backoff_max_duration='30s')

    ratio = divide(numerator=total.output, denominator=4.0)
    ratio.set_retry(num_retries=1)
    ratio.set_accelerator_type('nvidia.com/gpu').set_accelerator_limit(1)
    ratio.set_display_name('divide (asks for a GPU)')

    uncached_echo(text=text).set_caching_options(False)
    _cache_with_key(keyed_echo(text=text), 'task-settings-keyed-echo-v1')

    Outputs = NamedTuple('Outputs', env=Dict[str, str], total=int, ratio=float)
    return Outputs(env=env.output, total=total.output, ratio=ratio.output)


if __name__ == '__main__':
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), 'pipeline.yaml')
    compiler.Compiler().compile(task_settings, out)
