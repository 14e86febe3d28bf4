"""Two independent pipelines in one module: `tarmac run two-pipelines.py` must ask which one
(`two-pipelines.py:first` or `two-pipelines.py:second`)."""
from kfp import dsl


@dsl.container_component
def say(text: str):
    return dsl.ContainerSpec(image='docker.io/library/busybox:1.36', command=['echo'], args=[text])


@dsl.pipeline(name='first')
def first(text: str = 'one'):
    say(text=text)


@dsl.pipeline(name='second')
def second(text: str = 'two'):
    say(text=text)
